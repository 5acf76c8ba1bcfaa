// Zod schemas of provision, transfer and revoke requests. Carrier and profile
// type are checked against the carrier registry; EID and IMEI with lib/esim,
// which gives the precise reason (length, characters, check digits).
import { z } from "zod";

import {
  EsimFormatError,
  isControlCharacter,
  normalizeIccid,
  parseEid,
  parseImei,
} from "@/lib/esim";
import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";

import { OperationInputError, type FieldErrors } from "./errors";

/** 8 to 128 characters chosen by the client, one per intended submit. */
const idempotencyKey = z
  .string()
  .regex(
    /^[A-Za-z0-9._:-]{8,128}$/,
    "Use 8 to 128 letters, digits, '.', '_', ':' or '-'.",
  );

function freeText(label: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `${label} is empty.`)
    .max(max, `${label} is longer than ${max} characters.`)
    .refine(
      (value) => ![...value].some(isControlCharacter),
      `${label} contains control characters.`,
    );
}

function esimField<T>(parse: (input: string) => T) {
  return z.string().transform((value, context) => {
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof EsimFormatError)) throw error;
      context.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });
}

const eid = esimField(parseEid);
const imei = esimField(parseImei);
const iccid = esimField(normalizeIccid);

// SGP.22 leaves the confirmation code's format to the operator; it is
// hashed before it reaches the eUICC. Printable ASCII keeps it typeable.
const confirmationCode = z
  .string()
  .regex(
    /^[\x21-\x7e]{4,64}$/,
    "Use 4 to 64 printable characters without spaces.",
  );

const deviceFields = {
  imei: imei.optional(),
  deviceName: freeText("The device name", 100).optional(),
  owner: freeText("The owner", 100).optional(),
  ownerEmail: z
    .email("Enter an e-mail address such as name@example.com.")
    .max(254)
    .optional(),
  group: freeText("The group", 100).optional(),
};

const reason = freeText("The reason", 500);

export const provisionInputSchema = z.strictObject({
  idempotencyKey,
  carrierId: z.string().min(1, "Choose a carrier."),
  profileType: z.string().min(1, "Choose a profile type."),
  eid: eid.optional(),
  confirmationCode: confirmationCode.optional(),
  ...deviceFields,
});

export const transferInputSchema = z.strictObject({
  idempotencyKey,
  iccid,
  newEid: eid,
  reason,
  confirmationCode: confirmationCode.optional(),
  ...deviceFields,
});

export const revokeInputSchema = z.strictObject({
  idempotencyKey,
  iccid,
  finalProfileStatusIndicator: z.enum(["Available", "Unavailable"], {
    error:
      "Choose Available (back to inventory) or Unavailable (never reused).",
  }),
  reason,
});

export type ProvisionInput = z.output<typeof provisionInputSchema>;
export type TransferInput = z.output<typeof transferInputSchema>;
export type RevokeInput = z.output<typeof revokeInputSchema>;

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? "(request)" : issue.path.join(".");
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/**
 * Validate `input` with `schema`.
 *
 * @throws OperationInputError with one message list per invalid field
 */
export function parseOperationInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new OperationInputError(fieldErrorsOf(result.error));
  return result.data;
}

/**
 * Check that the carrier is configured and offers the profile type.
 *
 * @throws OperationInputError on carrierId or profileType
 */
export function assertCarrierOffers(
  registry: CarrierRegistry,
  carrierId: string,
  profileType: string,
): void {
  const carrier = registry.get(carrierId);
  if (carrier === undefined) {
    const known = registry.carriers.map((entry) => entry.id).join(", ");
    throw new OperationInputError({
      carrierId: [
        `Carrier "${carrierId}" is not configured. Choose one of: ${known}.`,
      ],
    });
  }
  if (!carrier.profileTypes.includes(profileType)) {
    throw new OperationInputError({
      profileType: [
        `${carrier.name} offers no profile type "${profileType}". ` +
          `Choose one of: ${carrier.profileTypes.join(", ")}.`,
      ],
    });
  }
}
