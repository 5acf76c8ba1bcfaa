// Activation codes as SGP.22 defines them:
// 1$<SM-DP+ address>$<matching ID>[$<SM-DP+ OID>[$<CC required flag>]]
import { EsimFormatError, isControlCharacter } from "./errors";

/** Fields of an activation code, in the order they appear in it. */
export interface ActivationCode {
  format: "1";
  smdpAddress: string;
  /** May be empty: the device then uses the default SM-DP+ flow. */
  matchingId: string;
  smdpOid: string | null;
  /** Hint only, because the order data records whether a code is required. */
  confirmationCodeRequired: boolean;
}

/** Options of {@link formatActivationCode}. */
export interface FormatActivationCodeOptions {
  /** Prefix the code with "LPA:", as in a QR code. Default false. */
  lpaPrefix?: boolean;
}

/** Fields of a ConfirmOrder response that {@link buildActivationCode} uses. */
export interface BuildActivationCodeInput {
  /** `smdpAddress` from the ConfirmOrder response, when it had one. */
  smdpAddress?: string | null;
  /** The carrier's default SM-DP+ address. */
  defaultSmdpAddress: string;
  /** `matchingId` from the ConfirmOrder response; may be empty. */
  matchingId?: string | null;
  /** Whether the ConfirmOrder request carried a `confirmationCode`. */
  confirmationCodeSet: boolean;
  smdpOid?: string | null;
}

export const ACTIVATION_CODE_MAX_LENGTH = 255;
export const LPA_PREFIX = "LPA:";

const MAX_FIELDS = 5;
const LPA_PREFIX_PATTERN = /^LPA:/i;
const WHITESPACE = /\s/;

/**
 * Parse an activation code typed by hand or read from a QR code. Accepted:
 * an "LPA:" prefix in any case, whitespace around the code and around each
 * field, and empty fields kept in place ("1$host$TOKEN$$1" has no OID).
 *
 * @param input - the activation code, with or without "LPA:"
 * @returns its fields, trimmed, with an empty OID as null
 * @throws EsimFormatError with codes ACTIVATION_CODE_EMPTY,
 *   ACTIVATION_CODE_CONTROL_CHARACTER, ACTIVATION_CODE_TOO_LONG,
 *   ACTIVATION_CODE_TOO_MANY_FIELDS, ACTIVATION_CODE_FORMAT,
 *   ACTIVATION_CODE_ADDRESS_MISSING, ACTIVATION_CODE_ADDRESS_INVALID or
 *   ACTIVATION_CODE_FLAG. The error's `value` never contains the matching ID.
 * @example
 * parseActivationCode("LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$$1")
 * // { format: "1", smdpAddress: "SMDP.GSMA.COM",
 * //   matchingId: "04386-AGYFT-A74Y8-3F815", smdpOid: null,
 * //   confirmationCodeRequired: true }
 */
export function parseActivationCode(input: string): ActivationCode {
  const code = input.trim().replace(LPA_PREFIX_PATTERN, "").trim();

  if (code.length === 0) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_EMPTY",
      field: "activationCode",
      value: input,
      message:
        'The activation code is empty. Enter it as "1$<SM-DP+ address>$' +
        '<matching ID>", or scan the QR code again.',
    });
  }

  const controlIndex = [...code].findIndex(isControlCharacter);
  if (controlIndex >= 0) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_CONTROL_CHARACTER",
      field: "activationCode",
      value: redactMatchingId(code),
      message:
        `The activation code contains a control character at position ` +
        `${controlIndex + 1}, such as a tab or line break. Copy the code ` +
        "again as one line of text.",
    });
  }

  const fields = code.split("$").map((field) => field.trim());

  // The limit applies to the code itself: without the "LPA:" prefix, which
  // belongs to the QR code, and without the whitespace this parser drops,
  // because neither reaches the device.
  const length = [...fields.join("$")].length;
  if (length > ACTIVATION_CODE_MAX_LENGTH) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_TOO_LONG",
      field: "activationCode",
      value: redactMatchingId(code),
      message:
        `The activation code has ${length} characters but allows at most ` +
        `${ACTIVATION_CODE_MAX_LENGTH} (not counting "LPA:"). Check that ` +
        "two codes were not pasted together.",
    });
  }

  // Splitting on "$" makes a "$" inside the address impossible: it would
  // start the next field. A "$" inside a later field shows up here.
  if (fields.length > MAX_FIELDS) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_TOO_MANY_FIELDS",
      field: "activationCode",
      value: redactMatchingId(code),
      message:
        `The activation code has ${fields.length} "$"-separated fields but ` +
        `allows at most ${MAX_FIELDS}: format, SM-DP+ address, matching ID, ` +
        'SM-DP+ OID and confirmation code flag. Check for a stray "$".',
    });
  }

  const [
    format = "",
    smdpAddress = "",
    matchingId = "",
    smdpOid = "",
    flag = "",
  ] = fields;

  if (format !== "1") {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_FORMAT",
      field: "activationCode",
      value: format,
      message:
        'An activation code starts with the format "1" followed by "$". ' +
        "Check that the value is an eSIM activation code.",
    });
  }

  if (smdpAddress.length === 0) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_ADDRESS_MISSING",
      field: "activationCode",
      value: redactMatchingId(code),
      message:
        'The activation code has no SM-DP+ address after "1$". Ask the ' +
        "carrier for the complete code.",
    });
  }

  assertValidAddress(smdpAddress);

  if (flag !== "" && flag !== "1") {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_FLAG",
      field: "activationCode",
      value: flag,
      message:
        'The confirmation code flag (the fifth field) must be "1" or empty. ' +
        "Check that the code was copied correctly.",
    });
  }

  return {
    format: "1",
    smdpAddress,
    matchingId,
    smdpOid: smdpOid === "" ? null : smdpOid,
    confirmationCodeRequired: flag === "1",
  };
}

/**
 * Format an activation code canonically: fields trimmed, no trailing empty
 * fields, and an empty OID field kept when the flag is set ("$$1").
 *
 * @param code - the fields to format
 * @param options - `lpaPrefix: true` prepends "LPA:" for a QR code
 * @throws EsimFormatError when a field contains "$" or a control character,
 *   the address is empty or has whitespace, or the result exceeds 255
 *   characters without the prefix
 * @example
 * formatActivationCode(
 *   { format: "1", smdpAddress: "SMDP.GSMA.COM", matchingId: "ABC",
 *     smdpOid: null, confirmationCodeRequired: true },
 *   { lpaPrefix: true },
 * ) // "LPA:1$SMDP.GSMA.COM$ABC$$1"
 */
export function formatActivationCode(
  code: ActivationCode,
  options: FormatActivationCodeOptions = {},
): string {
  if (code.format !== "1") {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_FORMAT",
      field: "activationCode",
      value: String(code.format),
      message: 'Only activation code format "1" exists. Set format to "1".',
    });
  }

  const smdpAddress = code.smdpAddress.trim();
  const matchingId = code.matchingId.trim();
  const smdpOid = code.smdpOid?.trim() ?? "";

  if (smdpAddress.length === 0) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_ADDRESS_MISSING",
      field: "activationCode",
      value: smdpAddress,
      message:
        "An activation code needs an SM-DP+ address. Set the carrier's " +
        "SM-DP+ address.",
    });
  }

  assertValidAddress(smdpAddress);
  assertValidField(matchingId, "matching ID", "");
  assertValidField(smdpOid, "SM-DP+ OID", smdpOid);

  const fields = ["1", smdpAddress, matchingId];
  if (smdpOid !== "" || code.confirmationCodeRequired) {
    fields.push(smdpOid);
  }
  if (code.confirmationCodeRequired) {
    fields.push("1");
  }

  const text = fields.join("$");
  const length = [...text].length;
  if (length > ACTIVATION_CODE_MAX_LENGTH) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_TOO_LONG",
      field: "activationCode",
      value: redactMatchingId(text),
      message:
        `The activation code would have ${length} characters but allows at ` +
        `most ${ACTIVATION_CODE_MAX_LENGTH}. Use a shorter matching ID.`,
    });
  }

  return options.lpaPrefix ? `${LPA_PREFIX}${text}` : text;
}

/**
 * Build the activation code for a ConfirmOrder response. The response's
 * `smdpAddress` is used when present and not empty, else the carrier's
 * default. The confirmation code flag is set when the order set a
 * confirmation code.
 *
 * @param input - response fields and the carrier's default address
 * @returns the canonical code without the "LPA:" prefix
 * @throws EsimFormatError as {@link formatActivationCode} does, for example
 *   ACTIVATION_CODE_ADDRESS_MISSING when both addresses are empty
 * @example
 * buildActivationCode({
 *   smdpAddress: undefined,
 *   defaultSmdpAddress: "smdp.example.com",
 *   matchingId: "ABC-123",
 *   confirmationCodeSet: true,
 * }) // "1$smdp.example.com$ABC-123$$1"
 */
export function buildActivationCode(input: BuildActivationCodeInput): string {
  const responseAddress = input.smdpAddress?.trim() ?? "";
  const smdpAddress =
    responseAddress === "" ? input.defaultSmdpAddress : responseAddress;

  return formatActivationCode({
    format: "1",
    smdpAddress,
    matchingId: input.matchingId ?? "",
    smdpOid: input.smdpOid ?? null,
    confirmationCodeRequired: input.confirmationCodeSet,
  });
}

function assertValidAddress(smdpAddress: string): void {
  assertValidField(smdpAddress, "SM-DP+ address", smdpAddress);

  if (WHITESPACE.test(smdpAddress)) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_ADDRESS_INVALID",
      field: "activationCode",
      value: smdpAddress,
      message:
        "The SM-DP+ address contains whitespace, but it is a host name such " +
        'as "smdp.example.com". Remove the spaces.',
    });
  }
}

// `shownValue` is what the error may carry: the matching ID stays out of
// errors because they are logged.
function assertValidField(field: string, name: string, shownValue: string) {
  if (field.includes("$")) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_FIELD_INVALID",
      field: "activationCode",
      value: shownValue,
      message: `The ${name} contains "$", which separates activation code fields. Remove it.`,
    });
  }

  if ([...field].some(isControlCharacter)) {
    throw new EsimFormatError({
      code: "ACTIVATION_CODE_CONTROL_CHARACTER",
      field: "activationCode",
      value: shownValue,
      message: `The ${name} contains a control character such as a tab or line break. Remove it.`,
    });
  }
}

// Matching IDs let anyone download the profile, so an error shows only the
// format and address fields and replaces everything after them with "…".
function redactMatchingId(code: string): string {
  const fields = code.split("$");
  if (fields.length <= 2) {
    return code;
  }

  return `${fields[0]}$${fields[1]}$…`;
}
