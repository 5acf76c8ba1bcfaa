// Validation and normalisation of the fields the portal sends over ES2+:
// strict, so that a carrier never receives a request the portal could have
// known to be wrong.
import { EsimFormatError, normalizeIccid, parseEid } from "@/lib/esim";
import {
  requestFieldSchemas,
  type Es2Function,
  type Es2RequestFields,
} from "./es2plus-types";

// Fields whose value must never appear in an error, a log or a message.
const SECRET_FIELDS = new Set(["confirmationCode"]);

/**
 * Error raised before any network traffic when the caller passes fields that
 * ES2+ does not allow. `field` names the field and `value` is its rejected
 * value (omitted for secrets such as the confirmation code).
 */
export class Es2RequestError extends Error {
  readonly code = "ES2_REQUEST_INVALID";
  readonly function: Es2Function;
  readonly field: string;
  readonly value: string | undefined;

  constructor(details: {
    function: Es2Function;
    field: string;
    value: unknown;
    message: string;
  }) {
    super(details.message);
    this.name = "Es2RequestError";
    this.function = details.function;
    this.field = details.field;
    this.value =
      SECRET_FIELDS.has(details.field) || details.value === undefined
        ? undefined
        : String(details.value).slice(0, 64);
  }
}

function normalizeIdentifier(
  fn: Es2Function,
  field: "iccid" | "eid",
  value: string,
): string {
  try {
    return field === "iccid" ? normalizeIccid(value) : parseEid(value);
  } catch (error) {
    if (error instanceof EsimFormatError) {
      throw new Es2RequestError({
        function: fn,
        field,
        value,
        message: `Invalid ${field} for ${fn}: ${error.message}`,
      });
    }
    throw error;
  }
}

/**
 * Validate the fields of one ES2+ request and return them with the ICCID
 * normalised (no `F` padding) and undefined fields removed.
 *
 * @throws Es2RequestError naming the first invalid field
 */
export function prepareRequestFields<F extends Es2Function>(
  fn: F,
  fields: Es2RequestFields[F],
): Es2RequestFields[F] {
  const parsed = requestFieldSchemas[fn].safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "request";
    const record = fields as unknown as Record<string, unknown>;
    throw new Es2RequestError({
      function: fn,
      field,
      value: record[field],
      message:
        `Invalid ${field} for ${fn}: ${issue?.message ?? "rejected"}. ` +
        "Correct the value before sending the request.",
    });
  }

  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === undefined) {
      continue;
    }
    prepared[key] =
      key === "iccid" || key === "eid"
        ? normalizeIdentifier(fn, key, value as string)
        : value;
  }
  return prepared as unknown as Es2RequestFields[F];
}
