"use client";

import { useActionState } from "react";
import { recordAdminAcknowledgementAction } from "@/app/(portal)/dashboard/actions/record-admin-acknowledgement-action";

type FormState = { message: string; ok: boolean } | null;

async function submit(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const result = await recordAdminAcknowledgementAction({
    note: formData.get("note"),
  });
  if (result.ok) {
    return {
      ok: true,
      message: `Recorded as audit entry ${result.data.sequence}.`,
    };
  }
  const field = result.fieldErrors?.note?.[0];
  return { ok: false, message: field ?? result.message };
}

/** Admin-only form that records an acknowledgement in the audit trail. */
export function AdminAcknowledgementForm() {
  const [state, action, pending] = useActionState(submit, null);

  return (
    <form action={action} className="flex max-w-md flex-col gap-2">
      <label htmlFor="acknowledgement-note" className="text-sm font-medium">
        Acknowledgement note
      </label>
      <input
        id="acknowledgement-note"
        name="note"
        maxLength={500}
        className="rounded-md border border-slate-300 px-3 py-2"
      />
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60"
      >
        Record acknowledgement
      </button>
      {state ? (
        <p
          role="status"
          className={state.ok ? "text-green-700" : "text-red-700"}
        >
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
