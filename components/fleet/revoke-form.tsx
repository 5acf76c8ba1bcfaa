"use client";

import { useRef, useState } from "react";

import { revokeProfileAction } from "@/app/(portal)/fleet/actions/revoke-profile-action";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormMessage, SelectField, TextAreaField } from "@/components/ui/field";
import type { RevokeField } from "@/lib/fleet/form-schemas";
import {
  INITIAL_FORM_STATE,
  fieldError,
  type FormState,
} from "@/lib/fleet/form-state";

import { useFormAction } from "./use-form-action";

/**
 * Revocation of a profile (ES2+ CancelOrder with a final status), behind a
 * confirmation dialog that names the ICCID.
 */
export function RevokeForm({
  iccid,
  idempotencyKey,
}: {
  iccid: string;
  idempotencyKey: string;
}) {
  const { state, formAction, pending, onSubmit } = useFormAction(
    revokeProfileAction,
    INITIAL_FORM_STATE as FormState<RevokeField>,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [reasonMissing, setReasonMissing] = useState(false);

  function askForConfirmation() {
    const reason = formRef.current?.elements.namedItem("reason");
    const empty =
      reason instanceof HTMLTextAreaElement && reason.value.trim() === "";
    setReasonMissing(empty);
    if (empty) {
      reason.focus();
      return;
    }
    setConfirming(true);
  }

  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={(event) => {
        setConfirming(false);
        onSubmit(event);
      }}
      noValidate
      aria-labelledby="revoke-heading"
      className="flex flex-col gap-3"
    >
      <h3 id="revoke-heading" className="font-medium">
        Revoke
      </h3>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="iccid" value={iccid} />
      <FormMessage message={state.message} />
      <SelectField
        id="finalProfileStatusIndicator"
        label="Final status at the SM-DP+"
        required
        defaultValue="Unavailable"
        description="Available returns the profile to the carrier's inventory; Unavailable means it is never reused."
        error={fieldError(state, "finalProfileStatusIndicator")}
      >
        <option value="Unavailable">Unavailable</option>
        <option value="Available">Available</option>
      </SelectField>
      <TextAreaField
        id="revoke-reason"
        name="reason"
        label="Reason"
        required
        maxLength={500}
        error={
          reasonMissing ? "Enter the reason." : fieldError(state, "reason")
        }
      />
      <div>
        <Button variant="danger" disabled={pending} onClick={askForConfirmation}>
          {pending ? "Submitting…" : "Revoke profile…"}
        </Button>
      </div>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Revoke this profile?"
      >
        <p className="text-sm text-slate-700">
          The portal sends CancelOrder for ICCID{" "}
          <span className="font-mono">{iccid}</span> to the carrier. A profile
          that was already downloaded cannot be revoked this way.
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            Revoke
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
