"use server";

import { redirect } from "next/navigation";

import { defineAction } from "@/lib/auth/action";
import {
  REVOKE_FIELDS,
  formValues,
  revokeProfileSchema,
  type RevokeField,
} from "@/lib/fleet/form-schemas";
import type { FormState } from "@/lib/fleet/form-state";
import {
  operationContextOf,
  stateOfActionFailure,
  stateOfSubmitError,
} from "@/lib/fleet/submission-state";
import { submitRevoke } from "@/lib/operations/submit-revoke";
import { getCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { getStore } from "@/lib/store";

const submitRevokeForm = defineAction(
  {
    name: "profile.revoke",
    permission: "profile.revoke",
    schema: revokeProfileSchema,
  },
  async (input, { session, request }) =>
    submitRevoke(
      { store: await getStore(), registry: getCarrierRegistry() },
      operationContextOf(session, request),
      input,
    ),
);

/**
 * Submits the revoke form: stores a CancelOrder with the chosen final
 * status and returns to the profile page, which shows the progress.
 */
export async function revokeProfileAction(
  _previous: FormState<RevokeField>,
  formData: FormData,
): Promise<FormState<RevokeField>> {
  let iccid: string;
  try {
    const result = await submitRevokeForm(formValues(formData, REVOKE_FIELDS));
    if (!result.ok) return stateOfActionFailure(result, REVOKE_FIELDS);
    iccid = result.data.operation.iccid ?? "";
  } catch (error) {
    return stateOfSubmitError(error, REVOKE_FIELDS, "profile.revoke");
  }
  redirect(`/fleet/${encodeURIComponent(iccid)}`);
}
