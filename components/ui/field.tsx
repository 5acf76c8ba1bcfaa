import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

export const CONTROL_CLASS =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm " +
  "aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger";

interface FieldFrame {
  id: string;
  label: string;
  /** Help text under the label: what the field sets, in which format. */
  description?: ReactNode;
  error?: string | null;
  required?: boolean;
}

/**
 * Label, control, help text and error message of one form field. The
 * control is described by the help text and the error, and marked
 * `aria-invalid` while there is an error.
 */
function Frame({
  id,
  label,
  description,
  error,
  required,
  children,
}: FieldFrame & { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
        {required ? null : (
          <span className="font-normal text-slate-500"> (optional)</span>
        )}
      </label>
      {description ? (
        <p id={`${id}-description`} className="text-xs text-slate-600">
          {description}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(frame: FieldFrame): string | undefined {
  const ids = [
    frame.description ? `${frame.id}-description` : null,
    frame.error ? `${frame.id}-error` : null,
  ].filter((id): id is string => id !== null);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export function TextField({
  id,
  label,
  description,
  error,
  required,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const frame = { id, label, description, error, required };
  return (
    <Frame {...frame}>
      <input
        id={id}
        name={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(frame)}
        className={CONTROL_CLASS}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({
  id,
  label,
  description,
  error,
  required,
  children,
  ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  const frame = { id, label, description, error, required };
  return (
    <Frame {...frame}>
      <select
        id={id}
        name={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(frame)}
        className={CONTROL_CLASS}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}

export function TextAreaField({
  id,
  label,
  description,
  error,
  required,
  ...textarea
}: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  const frame = { id, label, description, error, required };
  return (
    <Frame {...frame}>
      <textarea
        id={id}
        name={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(frame)}
        className={CONTROL_CLASS}
        rows={3}
        {...textarea}
      />
    </Frame>
  );
}

/** The message of a whole form, announced when it appears. */
export function FormMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm font-medium text-danger">
      {message}
    </p>
  );
}
