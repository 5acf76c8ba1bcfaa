// ES2+ status codes (`statusCodeData.subjectCode` / `reasonCode`) explained
// for support staff. Subject and reason names follow SGP.22 v2.2.
// Codes are dotted strings compared as strings: "3.10" is not "3.1".

/** Subject area of a status code, for grouping in the support UI. */
export type StatusCodeCategory =
  | "eid"
  | "iccid"
  | "profile-type"
  | "matching-id"
  | "confirmation-code"
  | "smdp"
  | "smds"
  | "function"
  | "access"
  | "other";

/** Status code the portal recognises, with its explanation. */
export interface StatusCodeCatalogueEntry {
  subjectCode: string;
  reasonCode: string;
  /** Short meaning as the carrier documentation words it. */
  meaning: string;
  /** Plain-language cause. */
  cause: string;
  /** Next step for support staff. */
  nextStep: string;
  /** Whether resending the same call later can succeed. */
  retryable: boolean;
  category: StatusCodeCategory;
}

/** Explanation of one subject and reason code pair. */
export interface StatusCodeDiagnosis {
  subjectCode: string;
  reasonCode: string;
  /** True when the pair is in {@link STATUS_CODE_CATALOGUE}. */
  known: boolean;
  cause: string;
  nextStep: string;
  retryable: boolean;
  category: StatusCodeCategory;
}

/** The common ES2+ status codes, one row per subject and reason pair. */
export const STATUS_CODE_CATALOGUE: readonly StatusCodeCatalogueEntry[] = [
  {
    subjectCode: "8.2.1",
    reasonCode: "3.9",
    meaning: "Unknown ICCID",
    cause: "The carrier's SM-DP+ has no profile with this ICCID.",
    nextStep:
      "Check the ICCID for typing errors and confirm with the carrier that " +
      "the profile was loaded into their inventory for this account.",
    retryable: false,
    category: "iccid",
  },
  {
    subjectCode: "8.2.1",
    reasonCode: "1.2",
    meaning: "ICCID not allowed for this requester",
    cause:
      "The profile exists, but the carrier account the portal calls with " +
      "is not allowed to manage it. It usually belongs to another operator " +
      "account.",
    nextStep:
      "Check which carrier account the profile was ordered under. Ask the " +
      "carrier to assign the profile to the portal's function requester " +
      "identifier if it should be.",
    retryable: false,
    category: "access",
  },
  {
    subjectCode: "8.2.1",
    reasonCode: "3.3",
    meaning: "ICCID already in use, or already downloaded",
    cause:
      "The profile is already reserved by another order or has already " +
      "been downloaded to a device, so it cannot be ordered or cancelled.",
    nextStep:
      "Refresh the profile's state. To give the user a new eSIM, order a " +
      "different profile; a downloaded profile is removed from the device, " +
      "not by cancelling the order.",
    retryable: false,
    category: "iccid",
  },
  {
    subjectCode: "8.2.1",
    reasonCode: "3.5",
    meaning: "Invalid state transition",
    cause:
      "The profile's state at the SM-DP+ does not allow this function, for " +
      "example ReleaseProfile before ConfirmOrder.",
    nextStep:
      "Refresh the profile's state from the carrier, then run the step that " +
      "state allows.",
    retryable: false,
    category: "iccid",
  },
  {
    subjectCode: "8.2.5",
    reasonCode: "3.7",
    meaning: "No more profiles of this profile type",
    cause:
      "The carrier has no unused profiles of this profile type left for " +
      "this account.",
    nextStep:
      "Ask the carrier to add profiles of this type to the inventory, or " +
      "order a different profile type.",
    retryable: false,
    category: "profile-type",
  },
  {
    subjectCode: "8.2.5",
    reasonCode: "3.9",
    meaning: "Unknown profile type",
    cause: "The carrier's SM-DP+ does not know this profile type name.",
    nextStep:
      "Compare the profile type in the carrier settings with the names the " +
      "carrier issued; names are case-sensitive.",
    retryable: false,
    category: "profile-type",
  },
  {
    subjectCode: "8.2.6",
    reasonCode: "3.3",
    meaning: "Conflicting matching ID",
    cause: "The matching ID sent is already used by another order.",
    nextStep:
      "Order again without a matching ID so the SM-DP+ generates one, or " +
      "with a new one.",
    retryable: false,
    category: "matching-id",
  },
  {
    subjectCode: "8.1.1",
    reasonCode: "3.10",
    meaning: "EID differs from the one bound to the order",
    cause:
      "The order is bound to one device's EID, and the request named a " +
      "different EID.",
    nextStep:
      "Check which device should receive the profile. Cancel the order and " +
      "order again with the right EID if the device changed.",
    retryable: false,
    category: "eid",
  },
  {
    subjectCode: "8.1.1",
    reasonCode: "2.2",
    meaning: "EID missing where it is required",
    cause:
      "This order needs the device's EID, for example because it uses an " +
      "SM-DS address or an empty matching ID, and none was sent.",
    nextStep:
      "Add the device's EID (32 digits, shown in the device's settings) to " +
      "the order and submit it again.",
    retryable: false,
    category: "eid",
  },
  {
    subjectCode: "8.9",
    reasonCode: "5.1",
    meaning: "SM-DS inaccessible",
    cause:
      "The SM-DP+ could not reach the SM-DS (discovery server) to register " +
      "the download event, or the SM-DS address is wrong.",
    nextStep:
      "Retry later. If it keeps failing, check the SM-DS address in the " +
      "carrier settings and report the outage to the carrier.",
    retryable: true,
    category: "smds",
  },
  {
    subjectCode: "8.2.7",
    reasonCode: "6.4",
    meaning: "Confirmation code retries exceeded",
    cause:
      "The user entered a wrong confirmation code too many times, so the " +
      "SM-DP+ locked the download.",
    nextStep:
      "Cancel the order and order a new profile, then give the user the " +
      "new confirmation code through a separate channel.",
    retryable: false,
    category: "confirmation-code",
  },
  {
    subjectCode: "8.8.5",
    reasonCode: "6.4",
    meaning: "Download retries exceeded",
    cause:
      "The device tried to download the profile more times than the " +
      "SM-DP+ allows.",
    nextStep:
      "Check the device's connectivity and free profile memory, then cancel " +
      "the order and order a new profile.",
    retryable: false,
    category: "smdp",
  },
  {
    subjectCode: "8.8.5",
    reasonCode: "4.10",
    meaning: "Download order expired",
    cause: "The download order was not used before its time to live ran out.",
    nextStep:
      "Order the profile again and ask the user to install it promptly.",
    retryable: false,
    category: "smdp",
  },
  {
    subjectCode: "8.8.5",
    reasonCode: "3.8",
    meaning: "End user rejected the download",
    cause: "The user declined the profile download on the device.",
    nextStep:
      "Contact the user to confirm they want the eSIM, then order the " +
      "profile again.",
    retryable: false,
    category: "smdp",
  },
  {
    subjectCode: "1.6",
    reasonCode: "2.1",
    meaning: "Function call invalid",
    cause:
      "The SM-DP+ rejected the request as invalid, usually because a field " +
      "is malformed or not allowed in this call.",
    nextStep:
      "Check the order's fields (ICCID, EID, profile type). If they look " +
      "right, report the function call identifier to engineering.",
    retryable: false,
    category: "function",
  },
];

const SUBJECT_NAMES: Readonly<Record<string, string>> = {
  "1": "a generic function",
  "1.1": "the function requester (the portal's carrier account)",
  "1.2": "the function provider (the SM-DP+)",
  "1.3": "the protocol",
  "1.3.1": "the protocol format",
  "1.3.2": "the protocol version",
  "1.6": "the function call",
  "8": "eUICC remote provisioning",
  "8.1": "the eUICC",
  "8.1.1": "the EID",
  "8.1.2": "the EUM certificate",
  "8.1.3": "the eUICC certificate",
  "8.2": "the profile",
  "8.2.1": "the profile ICCID",
  "8.2.5": "the profile type",
  "8.2.6": "the matching ID",
  "8.2.7": "the confirmation code",
  "8.2.8": "the profile policy rules",
  "8.2.9": "the profile metadata",
  "8.2.10": "the bound profile package",
  "8.8": "the SM-DP+",
  "8.8.1": "the SM-DP+ address",
  "8.8.2": "the SM-DP+ security configuration",
  "8.8.3": "the SM-DP+ specification version",
  "8.8.4": "the SM-DP+ certificate",
  "8.8.5": "the download order",
  "8.9": "the SM-DS",
  "8.9.1": "the SM-DS address",
  "8.9.2": "the SM-DS security configuration",
  "8.9.3": "the SM-DS specification version",
  "8.9.4": "the SM-DS certificate",
  "8.9.5": "the SM-DS event record",
};

const REASON_NAMES: Readonly<Record<string, string>> = {
  "1": "an access error",
  "1.1": "unknown (identification or authentication failed)",
  "1.2": "not allowed (authorisation)",
  "2": "a format error",
  "2.1": "invalid",
  "2.2": "a mandatory element is missing",
  "2.3": "a conditional element is missing",
  "3": "conditions of use not satisfied",
  "3.1": "unsupported",
  "3.3": "already in use",
  "3.5": "invalid state transition",
  "3.7": "unavailable",
  "3.8": "refused",
  "3.9": "unknown",
  "3.10": "invalid association",
  "4": "a processing error",
  "4.2": "execution error",
  "4.3": "stopped on warning",
  "4.8": "insufficient memory",
  "4.10": "time to live expired",
  "5": "a transport error",
  "5.1": "inaccessible",
  "6": "a security error",
  "6.1": "verification failed",
  "6.3": "expired",
  "6.4": "maximum number of attempts exceeded",
};

// Reasons whose outcome can change when the same call is resent later:
// failures at the SM-DP+ or on the way to a system it depends on.
const RETRYABLE_REASONS = new Set(["4.2", "5.1"]);
const NOT_RETRYABLE_PROCESSING_REASONS = new Set(["4.3", "4.8", "4.10"]);

const NEXT_STEP_BY_REASON_FAMILY: Readonly<Record<string, string>> = {
  "1":
    "Check that the carrier account (function requester identifier and " +
    "client certificate) may manage this profile, and contact the carrier " +
    "if it should.",
  "2":
    "Check the order's fields (ICCID, EID, profile type, matching ID). If " +
    "they look right, report the function call identifier to engineering.",
  "3":
    "Refresh the profile's state and check the order data; the SM-DP+ " +
    "refused the request in the profile's current situation.",
  "4":
    "Retry later. If it keeps failing, open a ticket with the carrier " +
    "quoting the codes and the function call identifier.",
  "5":
    "Retry later. If it keeps failing, report the outage to the carrier " +
    "quoting the codes and the function call identifier.",
  "6":
    "Do not resend the same order: cancel it and order again, or contact " +
    "the carrier if the security error persists.",
};

const DEFAULT_NEXT_STEP =
  "Open a ticket with the carrier quoting the codes and the function call " +
  "identifier.";

/**
 * Explain an ES2+ status code for support staff. A pair in
 * {@link STATUS_CODE_CATALOGUE} gets its specific explanation. Any other
 * pair is explained from its subject and reason families and marked
 * `known: false`.
 *
 * @param subjectCode - `statusCodeData.subjectCode`, for example "8.2.1"
 * @param reasonCode - `statusCodeData.reasonCode`, for example "3.9"
 * @returns cause, next step, whether a resend can help, and a category
 * @example
 * describeStatusCode("8.9", "5.1").retryable // true
 */
export function describeStatusCode(
  subjectCode: string,
  reasonCode: string,
): StatusCodeDiagnosis {
  const subject = subjectCode.trim();
  const reason = reasonCode.trim();

  const entry = STATUS_CODE_CATALOGUE.find(
    (row) => row.subjectCode === subject && row.reasonCode === reason,
  );
  if (entry) {
    return {
      subjectCode: subject,
      reasonCode: reason,
      known: true,
      cause: entry.cause,
      nextStep: entry.nextStep,
      retryable: entry.retryable,
      category: entry.category,
    };
  }

  const subjectName = lookUpByFamily(SUBJECT_NAMES, subject);
  const reasonName = lookUpByFamily(REASON_NAMES, reason);
  const reasonFamily = reason.split(".")[0] ?? "";

  const subjectText = subjectName
    ? `The subject code is about ${subjectName}`
    : "The subject code is not a known family";
  const reasonText = reasonName
    ? `the reason code means ${reasonName}`
    : "the reason code is not a known family";

  return {
    subjectCode: subject,
    reasonCode: reason,
    known: false,
    cause:
      `The SM-DP+ returned status code ${subject} / ${reason}, which the ` +
      `portal does not recognise. ${subjectText}, and ${reasonText}.`,
    nextStep: NEXT_STEP_BY_REASON_FAMILY[reasonFamily] ?? DEFAULT_NEXT_STEP,
    retryable: isRetryableReason(reason),
    category: reasonFamily === "1" ? "access" : categoryOfSubject(subject),
  };
}

function isRetryableReason(reason: string): boolean {
  if (RETRYABLE_REASONS.has(reason)) {
    return true;
  }

  // Other processing and transport failures are usually transient, and a
  // resend with the same function call identifier cannot run twice.
  const family = reason.split(".")[0];
  if (family === "5") {
    return true;
  }
  return family === "4" && !NOT_RETRYABLE_PROCESSING_REASONS.has(reason);
}

// Finds the name of the longest dotted prefix ("8.2.1", then "8.2", then
// "8"), comparing whole segments so that "8.2.10" never matches "8.2.1".
function lookUpByFamily(
  names: Readonly<Record<string, string>>,
  code: string,
): string | undefined {
  const segments = code.split(".");
  for (let length = segments.length; length > 0; length -= 1) {
    const name = names[segments.slice(0, length).join(".")];
    if (name !== undefined) {
      return name;
    }
  }

  return undefined;
}

function categoryOfSubject(subject: string): StatusCodeCategory {
  const [first, second, third] = subject.split(".");

  if (first === "1") {
    return second === "1" ? "access" : "function";
  }
  if (first !== "8") {
    return "other";
  }

  switch (second) {
    case "1":
      return "eid";
    case "8":
      return "smdp";
    case "9":
      return "smds";
    case "2":
      return categoryOfProfileSubject(third);
    default:
      return "other";
  }
}

function categoryOfProfileSubject(third: string | undefined) {
  switch (third) {
    case "1":
      return "iccid";
    case "5":
      return "profile-type";
    case "6":
      return "matching-id";
    case "7":
      return "confirmation-code";
    default:
      return "other";
  }
}
