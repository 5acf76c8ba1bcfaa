// Opaque page cursors: base64url JSON carrying the position (a keyset or a
// Cosmos DB continuation token) and a fingerprint of the query, so a cursor
// replayed against another query is rejected instead of returning wrong rows.

import { createHash } from "node:crypto";

import { InvalidCursorError } from "./errors";

interface CursorBody<T> {
  v: 1;
  /** Fingerprint of the query the cursor belongs to. */
  q: string;
  p: T;
}

export function queryFingerprint(parts: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(parts))
    .digest("base64url")
    .slice(0, 16);
}

export function encodeCursor<T>(fingerprint: string, position: T): string {
  const body: CursorBody<T> = { v: 1, q: fingerprint, p: position };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** @throws InvalidCursorError when the cursor is malformed or from another query */
export function decodeCursor<T>(
  cursor: string,
  fingerprint: string,
  isPosition: (value: unknown) => value is T,
): T {
  let body: Partial<CursorBody<unknown>>;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  if (
    body === null ||
    typeof body !== "object" ||
    body.v !== 1 ||
    body.q !== fingerprint ||
    !isPosition(body.p)
  ) {
    throw new InvalidCursorError(cursor);
  }
  return body.p;
}

/** Keyset position: the last row's sort value and its unique tiebreaker. */
export type KeysetPosition = [string | number, string];

export function isKeysetPosition(value: unknown): value is KeysetPosition {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    (typeof value[0] === "string" || typeof value[0] === "number") &&
    typeof value[1] === "string"
  );
}
