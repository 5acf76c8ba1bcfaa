// Input schemas of the provision, transfer and revoke forms. The server
// actions parse the submitted form with these; the forms use the same field
// checks while the user types. The organization is never part of the input:
// it comes from the session.

import { z } from "zod";

import { normalizeIccid, parseEid, parseImei } from "@/lib/esim";

import { eidProblem, imeiProblem } from "./field-checks";

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Trimmed text of 1 to `max` printable characters. */
function text(label: string, max: number) {
  return z
    .string(`Enter the ${label}.`)
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(max, `The ${label} must be at most ${max} characters.`)
    .refine(
      (value) => !CONTROL_CHARACTERS.test(value),
      `The ${label} contains control characters: remove them.`,
    );
}

/** An empty field becomes undefined before `schema` sees it. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) =>
      value === null || (typeof value === "string" && value.trim() === "")
        ? undefined
        : value,
    schema.optional(),
  );
}

const eid = z
  .string("Enter the EID.")
  .trim()
  .superRefine((value, context) => {
    const problem = eidProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => parseEid(value));

const imei = z
  .string()
  .superRefine((value, context) => {
    const problem = imeiProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => parseImei(value));

const iccid = z
  .string("The ICCID is missing.")
  .refine((value) => {
    try {
      normalizeIccid(value);
      return true;
    } catch {
      return false;
    }
  }, "The ICCID is not valid. Open the profile from the fleet list again.")
  .transform((value) => normalizeIccid(value));

export const idempotencyKeySchema = z.uuid(
  "The form is out of date. Reload the page and submit again.",
);

export const PROVISION_FIELDS = [
  "idempotencyKey",
  "carrierId",
  "profileType",
  "eid",
  "confirmationCode",
  "deviceName",
  "imei",
  "owner",
  "ownerEmail",
  "group",
] as const;

export const TRANSFER_FIELDS = [
  "idempotencyKey",
  "iccid",
  "newEid",
  "reason",
] as const;

export const REVOKE_FIELDS = [
  "idempotencyKey",
  "iccid",
  "finalProfileStatusIndicator",
  "reason",
] as const;

export const provisionProfileSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  carrierId: text("carrier", 40),
  profileType: text("profile type", 255),
  eid: optional(eid),
  // Sent to the SM-DP+ in ConfirmOrder. SGP.22 leaves its format to the
  // operator; printable ASCII without spaces keeps it typeable on a device.
  confirmationCode: optional(
    z
      .string()
      .regex(
        /^[\x21-\x7e]{4,64}$/,
        "Use 4 to 64 printable characters without spaces.",
      ),
  ),
  deviceName: text("device name", 100),
  imei: optional(imei),
  owner: optional(text("owner", 100)),
  ownerEmail: optional(
    z
      .email("Enter the owner's e-mail address as name@example.com.")
      .max(254, "The e-mail address must be at most 254 characters."),
  ),
  group: optional(text("group", 100)),
});

export type ProvisionProfileInput = z.output<typeof provisionProfileSchema>;

export const transferProfileSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  iccid,
  newEid: eid,
  reason: text("reason", 500),
});

export type TransferProfileInput = z.output<typeof transferProfileSchema>;

export const FINAL_PROFILE_STATUS_INDICATORS = [
  "Available",
  "Unavailable",
] as const;

export const revokeProfileSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  iccid,
  finalProfileStatusIndicator: z.enum(
    FINAL_PROFILE_STATUS_INDICATORS,
    "Choose Available (back to the carrier's inventory) or Unavailable (never reused).",
  ),
  reason: text("reason", 500),
});

export type RevokeProfileInput = z.output<typeof revokeProfileSchema>;

/** Field names of each form, as the inputs' `name` attributes. */
export type ProvisionField = (typeof PROVISION_FIELDS)[number];
export type TransferField = (typeof TRANSFER_FIELDS)[number];
export type RevokeField = (typeof REVOKE_FIELDS)[number];

/**
 * Reads the named fields of a submitted form into a plain object. Fields
 * that are absent stay absent; files are ignored.
 */
export function formValues(
  formData: FormData,
  fields: readonly string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = formData.get(field);
    if (typeof value === "string") values[field] = value;
  }
  return values;
}
