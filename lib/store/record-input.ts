// Validation and normalisation shared by the adapters, so both store the
// same bytes for the same input.

import { randomUUID } from "node:crypto";

import { normalizeIccid } from "@/lib/esim/iccid";

import type {
  FleetFilter,
  FleetQuery,
  IsoTimestamp,
  NewOperation,
  NewProfile,
  Operation,
  Profile,
} from "./types";
import { LATENCY_BUCKETS_MS } from "./types";

export const MAX_PAGE_SIZE = 500;

/** Returns the timestamp in the one form the store sorts by. */
export function normalizeTimestamp(value: IsoTimestamp, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new RangeError(
      `${field} "${value}" is not an ISO 8601 timestamp; pass new Date().toISOString().`,
    );
  }
  return new Date(time).toISOString();
}

export function normalizePageSize(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(
      `Page size ${limit} is invalid: use an integer from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  return limit;
}

export function lowerOrNull(value: string | null): string | null {
  return value === null ? null : value.toLowerCase();
}

export function prepareNewProfile(
  input: NewProfile,
  now: IsoTimestamp = new Date().toISOString(),
): Omit<Profile, "version"> {
  const createdAt = normalizeTimestamp(input.createdAt ?? now, "createdAt");
  return {
    ...input,
    iccid: normalizeIccid(input.iccid),
    createdAt,
    updatedAt: normalizeTimestamp(input.updatedAt ?? createdAt, "updatedAt"),
  };
}

export function prepareNewOperation(
  input: NewOperation,
  now: IsoTimestamp = new Date().toISOString(),
): Omit<Operation, "version"> {
  if (!input.idempotencyKey) {
    throw new RangeError("An operation needs a non-empty idempotencyKey.");
  }
  const createdAt = normalizeTimestamp(input.createdAt ?? now, "createdAt");
  return {
    ...input,
    id: input.id ?? `op_${randomUUID()}`,
    iccid: input.iccid === null ? null : normalizeIccid(input.iccid),
    attempts: input.attempts ?? 0,
    lease: null,
    nextAttemptAt:
      input.nextAttemptAt === null
        ? null
        : normalizeTimestamp(input.nextAttemptAt, "nextAttemptAt"),
    createdAt,
    updatedAt: createdAt,
  };
}

export type SearchKind = "digits" | "text";

/** Lowercased, trimmed search term and which fields it is matched against. */
export function classifySearch(
  search: string | undefined,
): { term: string; kind: SearchKind } | null {
  const term = (search ?? "").trim().toLowerCase();
  if (!term) return null;
  // An ICCID typed with its F padding still finds the profile.
  const digits = term.replace(/f$/, "");
  if (/^\d+$/.test(digits)) return { term: digits, kind: "digits" };
  return { term, kind: "text" };
}

/** Smallest string greater than every string starting with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

export function fleetFingerprintParts(
  organizationId: string,
  query: FleetFilter & Pick<FleetQuery, "sort" | "direction">,
): unknown[] {
  return [
    "fleet",
    organizationId,
    query.search?.trim().toLowerCase() ?? null,
    query.carrierId ?? null,
    query.smdpState ?? null,
    query.portalStatus ?? null,
    query.group ?? null,
    query.sort,
    query.direction,
  ];
}

export function truncateToHour(time: IsoTimestamp): string {
  const date = new Date(normalizeTimestamp(time, "time"));
  date.setUTCMinutes(0, 0, 0);
  return date.toISOString();
}

export function latencyBucketIndex(latencyMs: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length - 1 : index;
}
