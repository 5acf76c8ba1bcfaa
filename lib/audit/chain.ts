// Hash chain of an organization's audit entries. Each entry's hash is
// SHA-256 (hex) over the previous entry's hash followed by the canonical JSON
// of the entry without its two hash fields. The first entry (sequence 1)
// links to GENESIS_HASH.

import { createHash } from "node:crypto";

import type {
  AuditEntry,
  AuditEntryInput,
  AuditVerification,
} from "@/lib/store/types";

import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

/** Returns the fields an entry's hash covers, with absent optional fields as null. */
export function hashedAuditFields(
  entry: AuditEntryInput & { sequence: number },
): Record<string, unknown> {
  return {
    organizationId: entry.organizationId,
    sequence: entry.sequence,
    time: entry.time,
    actor: entry.actor,
    sourceIp: entry.sourceIp,
    userAgent: entry.userAgent,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    statusCodes: entry.statusCodes ?? null,
    reason: entry.reason ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    correlationId: entry.correlationId,
  };
}

export function computeAuditHash(
  previousHash: string,
  entry: AuditEntryInput & { sequence: number },
): string {
  return createHash("sha256")
    .update(previousHash)
    .update(canonicalJson(hashedAuditFields(entry)))
    .digest("hex");
}

/**
 * Builds the next entry of a chain whose last entry is `previous` (null for
 * an empty chain). Optional fields are stored as null, so that a stored and
 * reloaded entry hashes the same.
 */
export function buildAuditEntry(
  input: AuditEntryInput,
  previous: { sequence: number; hash: string } | null,
): AuditEntry {
  const sequence = previous ? previous.sequence + 1 : 1;
  const previousHash = previous ? previous.hash : GENESIS_HASH;
  const fields = hashedAuditFields({ ...input, sequence });
  const hash = computeAuditHash(previousHash, { ...input, sequence });
  return {
    ...(fields as unknown as AuditEntryInput),
    sequence,
    previousHash,
    hash,
  };
}

/**
 * Incremental verifier: feed entries in ascending sequence order, then call
 * `result()`. Stops checking at the first broken link.
 */
export class AuditChainVerifier {
  private checked = 0;
  private last: { sequence: number; hash: string } | null = null;
  private broken: AuditVerification["firstBroken"] = null;

  constructor(private readonly organizationId: string) {}

  /** Returns false once the chain is known to be broken. */
  add(entry: AuditEntry): boolean {
    if (this.broken) return false;

    const expectedSequence = this.last ? this.last.sequence + 1 : 1;
    const expectedPrevious = this.last ? this.last.hash : GENESIS_HASH;

    if (entry.sequence > expectedSequence) {
      this.broken = {
        sequence: expectedSequence,
        reason: "missing",
        detail: `entry ${expectedSequence} is missing; the next stored entry is ${entry.sequence}`,
      };
      return false;
    }
    if (entry.sequence < expectedSequence) {
      this.broken = {
        sequence: entry.sequence,
        reason: "sequence-out-of-order",
        detail: `entry ${entry.sequence} appears after entry ${expectedSequence - 1}`,
      };
      return false;
    }
    if (entry.previousHash !== expectedPrevious) {
      this.broken = {
        sequence: entry.sequence,
        reason: "previous-hash-mismatch",
        detail: `entry ${entry.sequence} links to ${entry.previousHash}, but entry ${expectedSequence - 1} has hash ${expectedPrevious}`,
      };
      return false;
    }
    const recomputed = computeAuditHash(entry.previousHash, entry);
    if (recomputed !== entry.hash) {
      this.broken = {
        sequence: entry.sequence,
        reason: "hash-mismatch",
        detail: `entry ${entry.sequence} stores hash ${entry.hash}, but its content hashes to ${recomputed}`,
      };
      return false;
    }

    this.checked += 1;
    this.last = { sequence: entry.sequence, hash: entry.hash };
    return true;
  }

  result(): AuditVerification {
    return {
      ok: this.broken === null,
      checked: this.checked,
      head: this.last
        ? { organizationId: this.organizationId, ...this.last }
        : null,
      firstBroken: this.broken,
    };
  }
}

/**
 * Verifies a whole chain given in ascending sequence order and reports the
 * first missing or broken sequence with the reason.
 *
 * @example
 * const result = verifyAuditChain(entries);
 * if (!result.ok) console.log(result.firstBroken?.sequence, result.firstBroken?.reason);
 */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  organizationId?: string,
): AuditVerification {
  let verifier: AuditChainVerifier | null = organizationId
    ? new AuditChainVerifier(organizationId)
    : null;
  for (const entry of entries) {
    verifier ??= new AuditChainVerifier(entry.organizationId);
    if (!verifier.add(entry)) break;
  }
  return (verifier ?? new AuditChainVerifier("")).result();
}
