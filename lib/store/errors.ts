// Typed errors of the store. Callers branch on `code`, never on the message.

export type StoreErrorCode =
  | "STORE_NOT_FOUND"
  | "STORE_VERSION_CONFLICT"
  | "STORE_DUPLICATE"
  | "STORE_UNAVAILABLE"
  | "STORE_INVALID_CURSOR";

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/** The record does not exist in this organization. */
export class NotFoundError extends StoreError {
  readonly code = "STORE_NOT_FOUND";

  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(
      `${entity} "${key}" was not found in this organization. ` +
        "Check the identifier, or reload the list.",
    );
    this.name = "NotFoundError";
  }
}

/** The record changed since it was read: the caller has a stale version. */
export class VersionConflictError extends StoreError {
  readonly code = "STORE_VERSION_CONFLICT";

  constructor(
    readonly entity: string,
    readonly key: string,
    readonly expectedVersion: string,
  ) {
    super(
      `${entity} "${key}" was changed by someone else since version ` +
        `${expectedVersion} was read. Read it again and retry the change.`,
    );
    this.name = "VersionConflictError";
  }
}

/** A record with the same unique key exists (ICCID, idempotency key...). */
export class DuplicateError extends StoreError {
  readonly code = "STORE_DUPLICATE";

  constructor(
    readonly entity: string,
    readonly field: string,
    readonly value: string,
  ) {
    super(
      `A ${entity} with ${field} "${value}" already exists in this ` +
        "organization. Use the existing record or choose another value.",
    );
    this.name = "DuplicateError";
  }
}

/** The database could not be reached or timed out. */
export class StoreUnavailableError extends StoreError {
  readonly code = "STORE_UNAVAILABLE";

  constructor(
    readonly adapter: "sqlite" | "cosmos",
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The ${adapter} store is unavailable: ${detail}. ` +
        "Retry later; if it persists, check the database and its settings.",
      options,
    );
    this.name = "StoreUnavailableError";
  }
}

/** A page cursor that this query did not produce, or that was altered. */
export class InvalidCursorError extends StoreError {
  readonly code = "STORE_INVALID_CURSOR";

  constructor(readonly cursor: string) {
    super(
      "The page cursor is invalid or belongs to another query. " +
        "Start again from the first page.",
    );
    this.name = "InvalidCursorError";
  }
}
