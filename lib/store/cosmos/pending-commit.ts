import type { AuditEntryInput, RollupIncrement } from "../types";

/**
 * The writes of a commit that remain after its anchor document (the
 * operation, else the profile) is written. The anchor write is the commit
 * point: from then on, anyone who finds the marker can finish the commit,
 * because every remaining write is recorded here and applied idempotently.
 */
export interface PendingCommit {
  id: string;
  createdAt: string;
  anchor: "operation" | "profile";
  /**
   * Operation document before the commit, to undo the anchor if the profile
   * write turns out to conflict; null when the commit created the operation.
   */
  operationBefore: Record<string, unknown> | null;
  /** Profile document to write (activation code already encrypted). */
  profile: {
    document: Record<string, unknown>;
    /** ETag the profile must still have; null to create it. */
    ifVersion: string | null;
  } | null;
  audit: AuditEntryInput[];
  /** Audit head sequence when the commit started: its entries come later. */
  auditFloor: number;
  rollups: RollupIncrement[];
}
