import { isLuhnValid } from "./luhn";
import { EsimFormatError } from "./errors";

/** Something odd about an ICCID that does not make it unusable. */
export interface IccidWarning {
  code: "ICCID_LUHN";
  message: string;
}

/** Result of {@link parseIccid}. */
export interface ParsedIccid {
  /** Digits only, without `F` padding: the form to store and compare. */
  iccid: string;
  warnings: IccidWarning[];
}

// ICCIDs have 19 or 20 digits, and some carriers issue 18-digit ones.
export const ICCID_MIN_DIGITS = 18;
export const ICCID_MAX_DIGITS = 20;

const DIGITS = /^[0-9]+$/;
const BCD_DIGITS = /^[0-9A-Fa-f]*$/;

/**
 * Parse an ICCID as carriers and devices send it: surrounding whitespace is
 * trimmed and one trailing `F` or `f` padding character is dropped. The
 * result must be 18 to 20 digits starting with the telecom prefix `89`.
 * A failed Luhn check is only a warning because many 20-digit ICCIDs carry
 * no check digit.
 *
 * @param input - the ICCID as received
 * @returns the normalised ICCID and any warnings
 * @throws EsimFormatError with codes ICCID_EMPTY, ICCID_NON_DIGIT,
 *   ICCID_TOO_SHORT, ICCID_TOO_LONG or ICCID_PREFIX
 * @example
 * parseIccid(" 8988211000000530082F ")
 * // { iccid: "8988211000000530082", warnings: [] }
 */
export function parseIccid(input: string): ParsedIccid {
  const trimmed = input.trim();
  const iccid = /[Ff]$/.test(trimmed) ? trimmed.slice(0, -1) : trimmed;

  if (iccid.length === 0) {
    throw new EsimFormatError({
      code: "ICCID_EMPTY",
      field: "iccid",
      value: input,
      message:
        "The ICCID is empty. Enter the 18 to 20 digits printed on the SIM or sent by the carrier.",
    });
  }

  if (!DIGITS.test(iccid)) {
    throw new EsimFormatError({
      code: "ICCID_NON_DIGIT",
      field: "iccid",
      value: input,
      message:
        "The ICCID contains characters other than digits. " +
        "Remove spaces, dashes and letters; only one trailing F is allowed.",
    });
  }

  if (iccid.length < ICCID_MIN_DIGITS) {
    throw new EsimFormatError({
      code: "ICCID_TOO_SHORT",
      field: "iccid",
      value: input,
      message:
        `The ICCID has ${iccid.length} digits but needs at least ` +
        `${ICCID_MIN_DIGITS}. Check that it was copied completely.`,
    });
  }

  if (iccid.length > ICCID_MAX_DIGITS) {
    throw new EsimFormatError({
      code: "ICCID_TOO_LONG",
      field: "iccid",
      value: input,
      message:
        `The ICCID has ${iccid.length} digits but allows at most ` +
        `${ICCID_MAX_DIGITS}. Check for extra digits, or for an EID or IMEI ` +
        "entered in the ICCID field.",
    });
  }

  if (!iccid.startsWith("89")) {
    throw new EsimFormatError({
      code: "ICCID_PREFIX",
      field: "iccid",
      value: input,
      message:
        'The ICCID must start with "89", the telecommunications prefix. ' +
        "Check that the value is an ICCID and not another identifier.",
    });
  }

  const warnings: IccidWarning[] = [];
  if (!isLuhnValid(iccid)) {
    warnings.push({
      code: "ICCID_LUHN",
      message:
        "The last digit of the ICCID is not a valid Luhn check digit. " +
        "Many carriers issue ICCIDs without one, so it was accepted; " +
        "compare it with the carrier's records if in doubt.",
    });
  }

  return { iccid, warnings };
}

/**
 * Normalise an ICCID for storing and comparing: trim it, drop one trailing
 * `F`/`f` and validate it as {@link parseIccid} does.
 *
 * @param input - the ICCID as received
 * @throws EsimFormatError as {@link parseIccid} does
 * @example
 * normalizeIccid("8988211000000530082f") // "8988211000000530082"
 */
export function normalizeIccid(input: string): string {
  return parseIccid(input).iccid;
}

/**
 * Test whether two ICCIDs identify the same profile once normalised, so that
 * a 19-digit ICCID matches itself with `F` padding.
 *
 * @param a - one ICCID as received
 * @param b - the other ICCID as received
 * @returns false when either value is not a valid ICCID
 * @example
 * isSameIccid("8988211000000530082", "8988211000000530082F") // true
 */
export function isSameIccid(a: string, b: string): boolean {
  try {
    return normalizeIccid(a) === normalizeIccid(b);
  } catch (error) {
    if (error instanceof EsimFormatError) {
      return false;
    }
    throw error;
  }
}

/**
 * Encode an ICCID in the form stored on the card: BCD with the two digits of
 * each byte swapped, an odd length padded with `F`. The output is
 * upper-case hexadecimal without spaces.
 *
 * @param iccid - an ICCID, normalised by {@link normalizeIccid} first
 * @throws EsimFormatError as {@link parseIccid} does
 * @example
 * iccidToBcd("8944474000000000001") // "984474040000000000F1"
 */
export function iccidToBcd(iccid: string): string {
  const digits = normalizeIccid(iccid);
  const padded = digits.length % 2 === 0 ? digits : `${digits}F`;

  let bcd = "";
  for (let index = 0; index < padded.length; index += 2) {
    bcd += `${padded[index + 1]}${padded[index]}`;
  }

  return bcd;
}

/**
 * Decode an ICCID from its card form (BCD with swapped nibbles), as some eIM
 * APIs return it. Spaces are ignored and a trailing `F` nibble is padding.
 *
 * @param bcd - hexadecimal text such as "98 44 74 ..."
 * @returns the normalised ICCID
 * @throws EsimFormatError with code ICCID_BCD_FORMAT for an odd number of
 *   nibbles, non-hexadecimal text or an `F` anywhere but the last digit,
 *   and as {@link parseIccid} does for the decoded digits
 * @example
 * iccidFromBcd("98 88 12 01 00 00 50 03 80 F2") // "8988211000000530082"
 */
export function iccidFromBcd(bcd: string): string {
  const compact = bcd.replace(/\s+/g, "");

  if (compact.length % 2 !== 0 || !BCD_DIGITS.test(compact)) {
    throw new EsimFormatError({
      code: "ICCID_BCD_FORMAT",
      field: "iccid",
      value: bcd,
      message:
        "The BCD-encoded ICCID must be whole bytes of hexadecimal digits " +
        '(for example "98 44 74 ..."). Check that the value was copied ' +
        "completely.",
    });
  }

  let digits = "";
  for (let index = 0; index < compact.length; index += 2) {
    digits += `${compact[index + 1]}${compact[index]}`;
  }

  const unpadded = digits.toUpperCase().replace(/F$/, "");
  if (!DIGITS.test(unpadded)) {
    throw new EsimFormatError({
      code: "ICCID_BCD_FORMAT",
      field: "iccid",
      value: bcd,
      message:
        "The BCD-encoded ICCID contains a nibble other than 0-9, or an F " +
        "before the last digit. Check that the value is an ICCID in card " +
        "format.",
    });
  }

  return normalizeIccid(unpadded);
}
