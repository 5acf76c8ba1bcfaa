import { EsimFormatError } from "./errors";

export const EID_DIGITS = 32;

const DIGITS = /^[0-9]+$/;

/**
 * Parse an EID: exactly 32 decimal digits whose value mod 97 is 1
 * (ISO 7064 MOD 97-10). Surrounding whitespace is trimmed. The number
 * exceeds Number.MAX_SAFE_INTEGER, so the check uses BigInt.
 *
 * @param input - the EID as received
 * @returns the 32-digit EID
 * @throws EsimFormatError with codes EID_EMPTY, EID_NON_DIGIT,
 *   EID_TOO_SHORT, EID_TOO_LONG or EID_CHECK_DIGITS
 * @example
 * parseEid("89049032123451234512345678901235")
 * // "89049032123451234512345678901235"
 */
export function parseEid(input: string): string {
  const eid = input.trim();

  if (eid.length === 0) {
    throw new EsimFormatError({
      code: "EID_EMPTY",
      field: "eid",
      value: input,
      message:
        "The EID is empty. Enter the 32 digits shown in the device's " +
        "settings (About, EID) or printed on its box.",
    });
  }

  if (!DIGITS.test(eid)) {
    throw new EsimFormatError({
      code: "EID_NON_DIGIT",
      field: "eid",
      value: input,
      message:
        "The EID contains characters other than digits. An EID is 32 " +
        "decimal digits: remove spaces, dashes and letters.",
    });
  }

  if (eid.length < EID_DIGITS) {
    throw new EsimFormatError({
      code: "EID_TOO_SHORT",
      field: "eid",
      value: input,
      message:
        `The EID has ${eid.length} digits but must have ${EID_DIGITS}. ` +
        "Check that it was copied completely.",
    });
  }

  if (eid.length > EID_DIGITS) {
    throw new EsimFormatError({
      code: "EID_TOO_LONG",
      field: "eid",
      value: input,
      message:
        `The EID has ${eid.length} digits but must have ${EID_DIGITS}. ` +
        "Check for extra digits, or for two values pasted together.",
    });
  }

  if (BigInt(eid) % 97n !== 1n) {
    throw new EsimFormatError({
      code: "EID_CHECK_DIGITS",
      field: "eid",
      value: input,
      message:
        "The EID's check digits (the last two) do not match the other 30 " +
        "digits, so at least one digit is wrong. Copy the EID again from " +
        "the device.",
    });
  }

  return eid;
}

/**
 * Test whether a value is a valid EID, as {@link parseEid} checks it.
 *
 * @param input - the EID as received
 * @example
 * isValidEid("89049032123451234512345678901234") // false
 */
export function isValidEid(input: string): boolean {
  try {
    parseEid(input);
    return true;
  } catch (error) {
    if (error instanceof EsimFormatError) {
      return false;
    }
    throw error;
  }
}

/**
 * Compute the two ISO 7064 MOD 97-10 check digits of an EID: 98 minus the
 * 30 digits with "00" appended, mod 97, as two digits.
 *
 * @param first30 - the first 30 digits of the EID
 * @returns the last two digits, for example "35"
 * @throws EsimFormatError with code EID_PREFIX_FORMAT unless `first30` is
 *   exactly 30 decimal digits
 * @example
 * computeEidCheckDigits("890490321234512345123456789012") // "35"
 */
export function computeEidCheckDigits(first30: string): string {
  if (first30.length !== EID_DIGITS - 2 || !DIGITS.test(first30)) {
    throw new EsimFormatError({
      code: "EID_PREFIX_FORMAT",
      field: "eid",
      value: first30,
      message:
        `Check digits are computed from exactly ${EID_DIGITS - 2} decimal ` +
        `digits, got ${first30.length} characters. Pass the EID without its ` +
        "last two digits.",
    });
  }

  const checkValue = 98n - (BigInt(`${first30}00`) % 97n);
  return checkValue.toString().padStart(2, "0");
}

/**
 * Extract the eUICC manufacturer's code: the first 8 digits of a valid EID.
 *
 * @param eid - the EID as received
 * @throws EsimFormatError as {@link parseEid} does
 * @example
 * eidManufacturerCode("89049032123451234512345678901235") // "89049032"
 */
export function eidManufacturerCode(eid: string): string {
  return parseEid(eid).slice(0, 8);
}
