"use server";

import { redirect } from "next/navigation";

import { defineAction } from "@/lib/auth/action";
import {
  TRANSFER_FIELDS,
  formValues,
  transferProfileSchema,
  type TransferField,
} from "@/lib/fleet/form-schemas";
import type { FormState } from "@/lib/fleet/form-state";
import {
  operationContextOf,
  stateOfActionFailure,
  stateOfSubmitError,
} from "@/lib/fleet/submission-state";
import { submitTransfer } from "@/lib/operations/submit-transfer";
import { getCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { getStore } from "@/lib/store";

const submitTransferForm = defineAction(
  {
    name: "profile.transfer",
    permission: "profile.transfer",
    schema: transferProfileSchema,
  },
  async (input, { session, request }) =>
    submitTransfer(
      { store: await getStore(), registry: getCarrierRegistry() },
      operationContextOf(session, request),
      input,
    ),
);

/**
 * Submits the transfer form: stores a transfer of the profile to the new
 * EID and returns to the profile page, which shows the progress.
 */
export async function transferProfileAction(
  _previous: FormState<TransferField>,
  formData: FormData,
): Promise<FormState<TransferField>> {
  let iccid: string;
  try {
    const result = await submitTransferForm(
      formValues(formData, TRANSFER_FIELDS),
    );
    if (!result.ok) return stateOfActionFailure(result, TRANSFER_FIELDS);
    iccid = result.data.operation.iccid ?? "";
  } catch (error) {
    return stateOfSubmitError(error, TRANSFER_FIELDS, "profile.transfer");
  }
  redirect(`/fleet/${encodeURIComponent(iccid)}`);
}
