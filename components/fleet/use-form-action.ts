"use client";

import { startTransition, useActionState, type FormEvent } from "react";

import type { FormState } from "@/lib/fleet/form-state";

/**
 * useActionState for the fleet forms. Submitting through `onSubmit` keeps
 * React from resetting the form after the action, so the fields keep what
 * the user typed when the server returns errors. Without JavaScript the
 * form posts to the same action through `action`.
 */
export function useFormAction<Field extends string>(
  action: (
    state: FormState<Field>,
    formData: FormData,
  ) => Promise<FormState<Field>>,
  initial: FormState<Field>,
) {
  const [state, formAction, pending] = useActionState(action, initial);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }

  return { state, formAction, pending, onSubmit };
}
