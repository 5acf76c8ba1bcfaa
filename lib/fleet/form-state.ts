// State of the fleet forms between submissions, as useActionState keeps it:
// a message for the whole form and messages per field.

export interface FormState<Field extends string = string> {
  status: "idle" | "error";
  message: string | null;
  errors: Partial<Record<Field, string[]>>;
}

export const INITIAL_FORM_STATE: FormState<never> = {
  status: "idle",
  message: null,
  errors: {},
};

/** A rejected submission: the form's message and its field messages. */
export function formError<Field extends string>(
  message: string,
  errors: Partial<Record<Field, string[]>> = {},
): FormState<Field> {
  return { status: "error", message, errors };
}

/** The first message of `field`, for the input's error line. */
export function fieldError<Field extends string>(
  state: FormState<Field>,
  field: Field,
): string | null {
  return state.errors[field]?.[0] ?? null;
}

/**
 * Keeps only the field messages of fields the form has, and moves any other
 * message (a whole-input refusal, an unknown key) into the form message.
 */
export function splitFieldErrors<Field extends string>(
  fieldErrors: Record<string, string[]> | undefined,
  fields: readonly Field[],
): { errors: Partial<Record<Field, string[]>>; other: string[] } {
  const errors: Partial<Record<Field, string[]>> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
    if ((fields as readonly string[]).includes(key)) {
      errors[key as Field] = messages;
    } else {
      other.push(...messages);
    }
  }
  return { errors, other };
}
