import type { SmdpEvent, SmdpState } from "./profile-state";

/** Identifier or code that an {@link EsimFormatError} is about. */
export type EsimField = "iccid" | "eid" | "imei" | "activationCode";

/** Stable codes of {@link EsimFormatError}, safe to branch on and to log. */
export type EsimFormatErrorCode =
  | "ICCID_EMPTY"
  | "ICCID_NON_DIGIT"
  | "ICCID_TOO_SHORT"
  | "ICCID_TOO_LONG"
  | "ICCID_PREFIX"
  | "ICCID_BCD_FORMAT"
  | "EID_EMPTY"
  | "EID_NON_DIGIT"
  | "EID_TOO_SHORT"
  | "EID_TOO_LONG"
  | "EID_CHECK_DIGITS"
  | "EID_PREFIX_FORMAT"
  | "IMEI_EMPTY"
  | "IMEI_NON_DIGIT"
  | "IMEI_LENGTH"
  | "IMEI_CHECK_DIGIT"
  | "IMEI_PREFIX_FORMAT"
  | "ACTIVATION_CODE_EMPTY"
  | "ACTIVATION_CODE_FORMAT"
  | "ACTIVATION_CODE_ADDRESS_MISSING"
  | "ACTIVATION_CODE_ADDRESS_INVALID"
  | "ACTIVATION_CODE_FIELD_INVALID"
  | "ACTIVATION_CODE_CONTROL_CHARACTER"
  | "ACTIVATION_CODE_TOO_LONG"
  | "ACTIVATION_CODE_TOO_MANY_FIELDS"
  | "ACTIVATION_CODE_FLAG";

/** Maximum number of characters of the offending input kept in `value`. */
export const MAX_ERROR_VALUE_LENGTH = 64;

/**
 * Render an input so that it is safe to show and to log: control characters
 * become `\u{..}` escapes and anything past {@link MAX_ERROR_VALUE_LENGTH}
 * characters is cut and marked with "…".
 *
 * @param input - the raw text at fault
 * @returns the escaped, truncated text
 * @example
 * safeErrorValue("89\n01") // "89\\u{a}01"
 */
export function safeErrorValue(input: string): string {
  const characters = [...input];
  const shownCharacters = characters
    .slice(0, MAX_ERROR_VALUE_LENGTH)
    .map((character) =>
      isControlCharacter(character)
        ? `\\u{${character.codePointAt(0)?.toString(16)}}`
        : character,
    );
  const suffix = characters.length > MAX_ERROR_VALUE_LENGTH ? "…" : "";
  return shownCharacters.join("") + suffix;
}

/**
 * Test whether one character is a C0 or C1 control character or DEL.
 *
 * @param character - a single character
 * @example
 * isControlCharacter("\t") // true
 */
export function isControlCharacter(character: string): boolean {
  const codePoint = character.codePointAt(0) ?? 0;
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/**
 * Error raised when an ICCID, EID, IMEI or activation code is malformed.
 * The message states what was wrong and what to do, and `code` is stable.
 *
 * @example
 * throw new EsimFormatError({
 *   code: "EID_TOO_SHORT",
 *   field: "eid",
 *   value: "8904",
 *   message: "The EID has 4 digits but must have 32. Copy it again.",
 * });
 */
export class EsimFormatError extends Error {
  readonly code: EsimFormatErrorCode;
  readonly field: EsimField;
  /** The offending input, escaped and truncated by {@link safeErrorValue}. */
  readonly value: string;

  constructor(details: {
    code: EsimFormatErrorCode;
    field: EsimField;
    value: string;
    message: string;
  }) {
    super(details.message);
    this.name = "EsimFormatError";
    this.code = details.code;
    this.field = details.field;
    this.value = safeErrorValue(details.value);
  }
}

/**
 * Error raised when an ES2+ function or device step is not allowed in a
 * profile's current SM-DP+ state. `subjectCode` and `reasonCode` are what
 * an SM-DP+ returns in `statusCodeData`: 8.2.1 / 3.3 (profile already in
 * use or downloaded) for DownloadOrder on a reserved profile and for
 * CancelOrder after download, 8.2.1 / 3.5 (invalid transition) otherwise.
 *
 * @example
 * new InvalidStateTransitionError(
 *   "Installed",
 *   { type: "ReleaseProfile" },
 *   "ReleaseProfile",
 * ).reasonCode // "3.5"
 */
export class InvalidStateTransitionError extends Error {
  readonly code = "INVALID_STATE_TRANSITION";
  readonly from: SmdpState;
  readonly event: SmdpEvent;
  readonly subjectCode = "8.2.1";
  readonly reasonCode: "3.3" | "3.5";

  constructor(from: SmdpState, event: SmdpEvent, eventDescription: string) {
    const reasonCode = rejectionReasonCode(from, event);
    super(
      `${eventDescription} is not allowed on a profile in SM-DP+ state ` +
        `${from} (SM-DP+ status 8.2.1 / ${reasonCode}). ` +
        "Refresh the profile's state from the carrier before retrying.",
    );
    this.name = "InvalidStateTransitionError";
    this.from = from;
    this.event = event;
    this.reasonCode = reasonCode;
  }
}

function rejectionReasonCode(from: SmdpState, event: SmdpEvent): "3.3" | "3.5" {
  if (event.type === "DownloadOrder") {
    return "3.3";
  }

  const downloaded = from === "Downloaded" || from === "Installed";
  return event.type === "CancelOrder" && downloaded ? "3.3" : "3.5";
}
