import { luhnCheckDigit } from "./luhn";
import { EsimFormatError } from "./errors";

/** "imei": 15 digits with a Luhn check digit; "imeisv": 16, none. */
export type ImeiKind = "imei" | "imeisv";

/** Result of {@link parseImeiWithKind}. */
export interface ParsedImei {
  /** Digits only. */
  imei: string;
  kind: ImeiKind;
}

const DIGITS = /^[0-9]+$/;

// Labels and the *#06# screen group IMEIs as "35-209900-176148-1" or with
// spaces, so those separators are accepted and removed.
const SEPARATORS = /[\s-]/g;

/**
 * Parse an IMEI (15 digits, Luhn check digit over the first 14) or an
 * IMEISV (16 digits: 14 IMEI digits and a 2-digit software version, no
 * check digit). Spaces and dashes are removed first.
 *
 * @param input - the IMEI or IMEISV as received
 * @returns the digits and which of the two forms they are
 * @throws EsimFormatError with codes IMEI_EMPTY, IMEI_NON_DIGIT,
 *   IMEI_LENGTH or IMEI_CHECK_DIGIT
 * @example
 * parseImeiWithKind("35-209900-176148-1")
 * // { imei: "352099001761481", kind: "imei" }
 */
export function parseImeiWithKind(input: string): ParsedImei {
  const imei = input.replace(SEPARATORS, "");

  if (imei.length === 0) {
    throw new EsimFormatError({
      code: "IMEI_EMPTY",
      field: "imei",
      value: input,
      message:
        "The IMEI is empty. Dial *#06# on the device or read it from the " +
        "device label.",
    });
  }

  if (!DIGITS.test(imei)) {
    throw new EsimFormatError({
      code: "IMEI_NON_DIGIT",
      field: "imei",
      value: input,
      message:
        "The IMEI contains characters other than digits, spaces and " +
        "dashes. Enter the 15-digit IMEI or 16-digit IMEISV.",
    });
  }

  if (imei.length === 16) {
    return { imei, kind: "imeisv" };
  }

  if (imei.length !== 15) {
    throw new EsimFormatError({
      code: "IMEI_LENGTH",
      field: "imei",
      value: input,
      message:
        `The IMEI has ${imei.length} digits but must have 15 (IMEI) or 16 ` +
        "(IMEISV). Check that it was copied completely.",
    });
  }

  const expected = luhnCheckDigit(imei.slice(0, 14));
  if (Number(imei[14]) !== expected) {
    throw new EsimFormatError({
      code: "IMEI_CHECK_DIGIT",
      field: "imei",
      value: input,
      message:
        "The IMEI's last digit is not its Luhn check digit, so at least " +
        "one digit is wrong. Read the IMEI again from the device.",
    });
  }

  return { imei, kind: "imei" };
}

/**
 * Parse an IMEI or IMEISV and return its digits only. The rules, and the
 * variant that also returns the kind, are in {@link parseImeiWithKind}.
 *
 * @param input - the IMEI or IMEISV as received
 * @throws EsimFormatError as {@link parseImeiWithKind} does
 * @example
 * parseImei("35 209900 176148 1") // "352099001761481"
 */
export function parseImei(input: string): string {
  return parseImeiWithKind(input).imei;
}

/**
 * Compute the Luhn check digit of an IMEI from its first 14 digits
 * (TAC and serial number).
 *
 * @param first14 - exactly 14 decimal digits
 * @throws EsimFormatError with code IMEI_PREFIX_FORMAT otherwise
 * @example
 * imeiCheckDigit("35209900176148") // 1
 */
export function imeiCheckDigit(first14: string): number {
  if (first14.length !== 14 || !DIGITS.test(first14)) {
    throw new EsimFormatError({
      code: "IMEI_PREFIX_FORMAT",
      field: "imei",
      value: first14,
      message:
        "The IMEI check digit is computed from exactly 14 decimal digits. " +
        "Pass the IMEI without its last digit.",
    });
  }

  return luhnCheckDigit(first14);
}
