// Server side of the four ES2+ functions on the simulated inventory, with
// the SGP.22 v2.2 status codes an SM-DP+ returns. Each function validates
// the request body, changes state only on success, and returns the
// response body to send.
import { randomInt } from "node:crypto";
import {
  EsimFormatError,
  InvalidStateTransitionError,
  isValidEid,
  normalizeIccid,
  type SmdpEvent,
} from "@/lib/esim";
import type { Es2Function, StatusCodeData } from "@/lib/smdp/es2plus-types";
import type { ProfileInventory, SimulatedProfile } from "./profile-inventory";

/** Status codes this simulator returns, from the SGP.22 v2.2 tables. */
export const SIMULATOR_CODES = {
  malformed: { subjectCode: "1.6", reasonCode: "2.1" },
  unknownIccid: { subjectCode: "8.2.1", reasonCode: "3.9" },
  profileTypeExhausted: { subjectCode: "8.2.5", reasonCode: "3.7" },
  unknownProfileType: { subjectCode: "8.2.5", reasonCode: "3.9" },
  eidMismatch: { subjectCode: "8.1.1", reasonCode: "3.10" },
  eidMissing: { subjectCode: "8.1.1", reasonCode: "2.2" },
  matchingIdConflict: { subjectCode: "8.2.6", reasonCode: "3.3" },
  matchingIdMismatch: { subjectCode: "8.2.6", reasonCode: "3.10" },
} as const;

export interface FunctionResult {
  /** Response body (header and data) to send with HTTP 200. */
  body: Record<string, unknown>;
  succeeded: boolean;
  /** Set when the call moved a profile to Released: the device starts. */
  releasedIccid: string | null;
  /** Set when CancelOrder took a profile out of its order. */
  cancelledIccid: string | null;
}

export interface FunctionContext {
  inventory: ProfileInventory;
  smdpAddress: string;
  returnSmdpAddress: boolean;
}

type Body = Record<string, unknown>;

class RequestRejection extends Error {
  constructor(
    readonly codes: { subjectCode: string; reasonCode: string },
    message: string,
    readonly subjectIdentifier?: string,
  ) {
    super(message);
  }
}

/** Builds a success body, with a warning's codes when given. */
export function successBody(
  data: Body = {},
  warning?: StatusCodeData,
): Record<string, unknown> {
  const functionExecutionStatus = warning
    ? { status: "Executed-WithWarning", statusCodeData: warning }
    : { status: "Executed-Success" };
  return { header: { functionExecutionStatus }, ...data };
}

/** Builds a Failed (or Expired) body with its statusCodeData. */
export function failureBody(
  codes: StatusCodeData | null,
  status: "Failed" | "Expired" = "Failed",
): Record<string, unknown> {
  return {
    header: {
      functionExecutionStatus:
        codes === null ? { status } : { status, statusCodeData: codes },
    },
  };
}

function malformed(field: string, problem: string): RequestRejection {
  return new RequestRejection(
    SIMULATOR_CODES.malformed,
    `Invalid request: ${field} ${problem}.`,
  );
}

function readIccid(body: Body): string {
  if (typeof body.iccid !== "string") {
    throw malformed("iccid", "is missing or not a string");
  }
  try {
    return normalizeIccid(body.iccid);
  } catch (error) {
    if (error instanceof EsimFormatError) {
      throw malformed("iccid", `is invalid (${error.code})`);
    }
    throw error;
  }
}

function readOptionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string") {
    throw malformed(field, "is not a string");
  }
  return value;
}

function readOptionalEid(body: Body): string | undefined {
  const eid = readOptionalString(body, "eid");
  if (eid !== undefined && !isValidEid(eid)) {
    throw malformed("eid", "is not a valid EID");
  }
  return eid;
}

function findProfile(
  context: FunctionContext,
  iccid: string,
): SimulatedProfile {
  const profile = context.inventory.get(iccid);
  if (profile === undefined) {
    throw new RequestRejection(
      SIMULATOR_CODES.unknownIccid,
      `Unknown ICCID ${iccid}.`,
      iccid,
    );
  }
  return profile;
}

function checkEid(profile: SimulatedProfile, eid: string | undefined): void {
  if (eid !== undefined && profile.eid !== null && profile.eid !== eid) {
    throw new RequestRejection(
      SIMULATOR_CODES.eidMismatch,
      "The EID differs from the one bound to the order.",
      eid,
    );
  }
}

function applyEvent(
  context: FunctionContext,
  profile: SimulatedProfile,
  event: SmdpEvent,
): void {
  try {
    context.inventory.apply(profile, event);
  } catch (error) {
    if (error instanceof InvalidStateTransitionError) {
      throw new RequestRejection(
        { subjectCode: error.subjectCode, reasonCode: error.reasonCode },
        `Not allowed in state ${profile.state}.`,
        profile.iccid,
      );
    }
    throw error;
  }
}

// SGP.22 matching IDs: 0-9, A-Z and "-"; this format mimics GSMA examples.
function generateMatchingId(): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const group = () =>
    Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(
      "",
    );
  return [group(), group(), group(), group()].join("-");
}

function downloadOrder(context: FunctionContext, body: Body): FunctionResult {
  const eid = readOptionalEid(body);
  const profileType = readOptionalString(body, "profileType");
  let profile: SimulatedProfile;

  if (body.iccid !== undefined) {
    profile = findProfile(context, readIccid(body));
  } else if (profileType !== undefined && profileType !== "") {
    if (!context.inventory.hasProfileType(profileType)) {
      throw new RequestRejection(
        SIMULATOR_CODES.unknownProfileType,
        `Unknown profile type ${profileType}.`,
        profileType,
      );
    }
    const free = context.inventory.firstAvailable(profileType);
    if (free === undefined) {
      throw new RequestRejection(
        SIMULATOR_CODES.profileTypeExhausted,
        `No Available profile of type ${profileType}.`,
        profileType,
      );
    }
    profile = free;
  } else {
    throw malformed("iccid or profileType", "is required");
  }

  applyEvent(context, profile, {
    type: "DownloadOrder",
    withEid: eid !== undefined,
  });
  profile.eid = eid ?? null;
  return {
    body: successBody({ iccid: profile.iccid }),
    succeeded: true,
    releasedIccid: null,
    cancelledIccid: null,
  };
}

function confirmOrder(context: FunctionContext, body: Body): FunctionResult {
  const iccid = readIccid(body);
  if (typeof body.releaseFlag !== "boolean") {
    throw malformed("releaseFlag", "is missing or not a boolean");
  }
  const releaseFlag = body.releaseFlag;
  const eid = readOptionalEid(body);
  const matchingId = readOptionalString(body, "matchingId");
  const confirmationCode = readOptionalString(body, "confirmationCode");
  const smdsAddress = readOptionalString(body, "smdsAddress");

  const profile = findProfile(context, iccid);
  checkEid(profile, eid);
  const boundEid = profile.eid ?? eid ?? null;

  if (matchingId) {
    const holder = context.inventory.findByMatchingId(matchingId);
    if (holder !== undefined && holder.iccid !== profile.iccid) {
      throw new RequestRejection(
        SIMULATOR_CODES.matchingIdConflict,
        "The matching ID is already used by another order.",
        matchingId,
      );
    }
  }
  // The default SM-DP+ flow (empty matching ID) and SM-DS registration
  // find the order by EID, so the order needs one.
  if ((matchingId === "" || smdsAddress !== undefined) && boundEid === null) {
    throw new RequestRejection(
      SIMULATOR_CODES.eidMissing,
      "An EID is required for an empty matchingId or an smdsAddress.",
    );
  }

  applyEvent(context, profile, { type: "ConfirmOrder", releaseFlag });
  profile.eid = boundEid;
  context.inventory.setMatchingId(profile, matchingId ?? generateMatchingId());
  profile.confirmationCodeSet = confirmationCode !== undefined;
  profile.smdsAddress = smdsAddress ?? null;

  return {
    body: successBody({
      matchingId: profile.matchingId ?? "",
      ...(boundEid === null ? {} : { eid: boundEid }),
      ...(context.returnSmdpAddress
        ? { smdpAddress: context.smdpAddress }
        : {}),
    }),
    succeeded: true,
    releasedIccid: releaseFlag ? profile.iccid : null,
    cancelledIccid: null,
  };
}

function cancelOrder(context: FunctionContext, body: Body): FunctionResult {
  const iccid = readIccid(body);
  const indicator = body.finalProfileStatusIndicator;
  if (indicator !== "Available" && indicator !== "Unavailable") {
    throw malformed(
      "finalProfileStatusIndicator",
      "must be Available or Unavailable",
    );
  }
  const eid = readOptionalEid(body);
  const matchingId = readOptionalString(body, "matchingId");

  const profile = findProfile(context, iccid);
  checkEid(profile, eid);
  if (
    matchingId !== undefined &&
    profile.matchingId !== null &&
    matchingId !== profile.matchingId
  ) {
    throw new RequestRejection(
      SIMULATOR_CODES.matchingIdMismatch,
      "The matching ID differs from the one of the order.",
      matchingId,
    );
  }

  applyEvent(context, profile, {
    type: "CancelOrder",
    finalProfileStatusIndicator: indicator,
  });
  return {
    body: successBody(),
    succeeded: true,
    releasedIccid: null,
    cancelledIccid: profile.iccid,
  };
}

function releaseProfile(context: FunctionContext, body: Body): FunctionResult {
  const profile = findProfile(context, readIccid(body));
  const before = profile.state;
  applyEvent(context, profile, { type: "ReleaseProfile" });
  return {
    body: successBody(),
    succeeded: true,
    // Releasing twice succeeds without starting the device again.
    releasedIccid: before === "Confirmed" ? profile.iccid : null,
    cancelledIccid: null,
  };
}

const FUNCTIONS: Record<
  Es2Function,
  (context: FunctionContext, body: Body) => FunctionResult
> = { downloadOrder, confirmOrder, cancelOrder, releaseProfile };

/** Executes one ES2+ function; a rejection becomes a Failed body. */
export function executeFunction(
  fn: Es2Function,
  context: FunctionContext,
  body: Body,
): FunctionResult {
  try {
    return FUNCTIONS[fn](context, body);
  } catch (error) {
    if (error instanceof RequestRejection) {
      return {
        body: failureBody({
          ...error.codes,
          ...(error.subjectIdentifier === undefined
            ? {}
            : { subjectIdentifier: error.subjectIdentifier }),
          message: error.message,
        }),
        succeeded: false,
        releasedIccid: null,
        cancelledIccid: null,
      };
    }
    throw error;
  }
}
