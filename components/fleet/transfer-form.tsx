"use client";

import { useState } from "react";

import { transferProfileAction } from "@/app/(portal)/fleet/actions/transfer-profile-action";
import { Button } from "@/components/ui/button";
import { FormMessage, TextAreaField, TextField } from "@/components/ui/field";
import { eidProblem, eidTypingProblem } from "@/lib/fleet/field-checks";
import type { TransferField } from "@/lib/fleet/form-schemas";
import {
  INITIAL_FORM_STATE,
  fieldError,
  type FormState,
} from "@/lib/fleet/form-state";

import { useFormAction } from "./use-form-action";

/** Transfer of a profile to another device, named by its new EID. */
export function TransferForm({
  iccid,
  idempotencyKey,
}: {
  iccid: string;
  idempotencyKey: string;
}) {
  const { state, formAction, pending, onSubmit } = useFormAction(
    transferProfileAction,
    INITIAL_FORM_STATE as FormState<TransferField>,
  );
  const [newEid, setNewEid] = useState("");
  const [blurred, setBlurred] = useState(false);
  const eidShown =
    eidTypingProblem(newEid) ??
    (blurred && newEid.trim() !== "" ? eidProblem(newEid) : null);

  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="transfer-heading"
      className="flex flex-col gap-3"
    >
      <h3 id="transfer-heading" className="font-medium">
        Transfer to another device
      </h3>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="iccid" value={iccid} />
      <FormMessage message={state.message} />
      <TextField
        id="newEid"
        label="New EID"
        required
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        value={newEid}
        description="The 32-digit EID of the device that receives the profile."
        error={eidShown ?? fieldError(state, "newEid")}
        onChange={(event) => setNewEid(event.target.value)}
        onBlur={() => setBlurred(true)}
      />
      <TextAreaField
        id="transfer-reason"
        name="reason"
        label="Reason"
        required
        maxLength={500}
        error={fieldError(state, "reason")}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Submitting…" : "Transfer profile"}
        </Button>
      </div>
    </form>
  );
}
