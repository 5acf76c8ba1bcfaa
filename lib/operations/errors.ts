// Typed errors of the operations engine. Callers branch on `code`; messages
// are sentences a user can read and act on.

export type OperationErrorCode =
  | "OPERATION_INPUT_INVALID"
  | "OPERATION_PROFILE_NOT_FOUND"
  | "OPERATION_INVALID_PROFILE_STATE"
  | "OPERATION_PROFILE_BUSY"
  | "OPERATION_IDEMPOTENCY_CONFLICT"
  | "OPERATION_NOT_FOUND"
  | "OPERATION_ICCID_IN_USE";

export abstract class OperationError extends Error {
  abstract readonly code: OperationErrorCode;
}

/** Field errors of a submitted operation, keyed by field path. */
export type FieldErrors = Record<string, string[]>;

/** The submitted input is invalid; nothing was stored. */
export class OperationInputError extends OperationError {
  readonly code = "OPERATION_INPUT_INVALID";

  constructor(readonly fieldErrors: FieldErrors) {
    const fields = Object.keys(fieldErrors);
    const first = fields[0];
    const detail =
      first === undefined ? "" : ` ${first}: ${fieldErrors[first]?.[0] ?? ""}`;
    super(
      `The request has ${fields.length} invalid field(s).${detail} ` +
        "Correct the highlighted fields and submit again.",
    );
    this.name = "OperationInputError";
  }
}

/** No profile with this ICCID exists in the organization. */
export class ProfileNotFoundError extends OperationError {
  readonly code = "OPERATION_PROFILE_NOT_FOUND";

  constructor(readonly iccid: string) {
    super(
      `No profile with ICCID ${iccid} exists in this organization. ` +
        "Check the ICCID or reload the fleet list.",
    );
    this.name = "ProfileNotFoundError";
  }
}

/** The profile's current state does not allow the requested operation. */
export class InvalidProfileStateError extends OperationError {
  readonly code = "OPERATION_INVALID_PROFILE_STATE";

  constructor(
    readonly iccid: string,
    readonly state: string,
    readonly operation: string,
    hint: string,
  ) {
    super(
      `Profile ${iccid} is ${state}, so it cannot be ${operation}. ${hint}`,
    );
    this.name = "InvalidProfileStateError";
  }
}

/** Another operation on the same profile has not finished. */
export class ProfileBusyError extends OperationError {
  readonly code = "OPERATION_PROFILE_BUSY";

  constructor(
    readonly iccid: string,
    readonly operationId: string,
  ) {
    super(
      `Profile ${iccid} has operation ${operationId} in progress. ` +
        "Wait until it finishes, or cancel it, then try again.",
    );
    this.name = "ProfileBusyError";
  }
}

/** The idempotency key was already used for a different request. */
export class IdempotencyConflictError extends OperationError {
  readonly code = "OPERATION_IDEMPOTENCY_CONFLICT";

  constructor(
    readonly idempotencyKey: string,
    readonly operationId: string,
  ) {
    super(
      `The idempotency key "${idempotencyKey}" was already used for ` +
        `operation ${operationId}, a different request. Reload the form ` +
        "to get a new key.",
    );
    this.name = "IdempotencyConflictError";
  }
}

/**
 * The SM-DP+ ordered an ICCID that is already an active profile of the
 * organization. Storing the order would overwrite another device's profile,
 * so the operation fails instead.
 */
export class IccidInUseError extends OperationError {
  readonly code = "OPERATION_ICCID_IN_USE";

  constructor(
    readonly iccid: string,
    readonly portalStatus: string,
  ) {
    super(
      `The SM-DP+ returned ICCID ${iccid}, which is already an active profile ` +
        `of this organization (status ${portalStatus}).`,
    );
    this.name = "IccidInUseError";
  }
}
