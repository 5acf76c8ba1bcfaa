// Checks of single identifier fields, shared by the forms (as the user
// types) and the form schemas (on the server), so both show the same
// sentence for the same mistake.

import { EsimFormatError, parseEid, parseImei } from "@/lib/esim";

function messageOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof EsimFormatError) return error.message;
    throw error;
  }
}

/** Returns why `value` is not a valid EID, or null when it is one. */
export function eidProblem(value: string): string | null {
  return messageOf(() => parseEid(value));
}

/** Returns why `value` is not a valid IMEI or IMEISV, or null. */
export function imeiProblem(value: string): string | null {
  return messageOf(() => parseImei(value));
}

/**
 * Returns the message to show under an EID field while the user types:
 * nothing while the value is empty or still too short to judge, so a
 * half-typed EID is not flagged before the 32nd digit.
 */
export function eidTypingProblem(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^[0-9]*$/.test(trimmed) && trimmed.length < 32) return null;
  return eidProblem(trimmed);
}

/** As {@link eidTypingProblem}, for a 15-digit IMEI or 16-digit IMEISV. */
export function imeiTypingProblem(value: string): string | null {
  const compact = value.replace(/[\s-]/g, "");
  if (compact === "") return null;
  if (/^[0-9]*$/.test(compact) && compact.length < 15) return null;
  return imeiProblem(value);
}
