"use server";

import { redirect } from "next/navigation";

import { defineAction } from "@/lib/auth/action";
import {
  PROVISION_FIELDS,
  formValues,
  provisionProfileSchema,
  type ProvisionField,
} from "@/lib/fleet/form-schemas";
import type { FormState } from "@/lib/fleet/form-state";
import {
  operationContextOf,
  stateOfActionFailure,
  stateOfSubmitError,
} from "@/lib/fleet/submission-state";
import { submitProvision } from "@/lib/operations/submit-provision";
import { getCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { getStore } from "@/lib/store";

const submitProvisionForm = defineAction(
  {
    name: "profile.provision",
    permission: "profile.provision",
    schema: provisionProfileSchema,
  },
  async (input, { session, request }) =>
    submitProvision(
      { store: await getStore(), registry: getCarrierRegistry() },
      operationContextOf(session, request),
      input,
    ),
);

/**
 * Submits the provision form: stores a provision operation for the worker
 * and opens its progress page. The organization comes from the session.
 */
export async function provisionProfileAction(
  _previous: FormState<ProvisionField>,
  formData: FormData,
): Promise<FormState<ProvisionField>> {
  let operationId: string;
  try {
    const result = await submitProvisionForm(
      formValues(formData, PROVISION_FIELDS),
    );
    if (!result.ok) return stateOfActionFailure(result, PROVISION_FIELDS);
    operationId = result.data.operation.id;
  } catch (error) {
    return stateOfSubmitError(error, PROVISION_FIELDS, "profile.provision");
  }
  redirect(`/fleet/operations/${encodeURIComponent(operationId)}`);
}
