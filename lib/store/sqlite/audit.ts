import { AuditChainVerifier, buildAuditEntry } from "@/lib/audit/chain";

import { decodeCursor, encodeCursor, queryFingerprint } from "../cursor";
import { normalizePageSize, normalizeTimestamp } from "../record-input";
import type { AuditRepository } from "../repositories";
import type {
  AuditChainHead,
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditVerification,
  Page,
  PageRequest,
} from "../types";
import { mapSqliteError, type SqliteContext } from "./context";

const VERIFY_BATCH = 1000;

interface AuditRow {
  organization_id: string;
  sequence: number;
  time: string;
  actor_oid: string;
  action: string;
  outcome: string;
  target: string | null;
  entry: string;
  previous_hash: string;
  hash: string;
}

/**
 * The entry as verification must see it: the indexed columns override the
 * JSON copy, so altering either one breaks the hash.
 */
function entryFromRow(row: AuditRow): AuditEntry {
  const entry = JSON.parse(row.entry) as AuditEntry;
  return {
    ...entry,
    organizationId: row.organization_id,
    sequence: row.sequence,
    time: row.time,
    actor: { ...entry.actor, oid: row.actor_oid },
    action: row.action,
    outcome: row.outcome as AuditEntry["outcome"],
    target: row.target,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

function isSequence(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly context: SqliteContext) {}

  headSync(organizationId: string): AuditChainHead | null {
    const row = this.context
      .statement(
        `SELECT sequence, hash FROM audit_entries WHERE organization_id = ?
         ORDER BY sequence DESC LIMIT 1`,
      )
      .get(organizationId) as { sequence: number; hash: string } | undefined;
    return row ? { organizationId, ...row } : null;
  }

  /** Must run inside an IMMEDIATE transaction, so no other writer can take the same sequence. */
  appendSync(input: AuditEntryInput): AuditEntry {
    const entry = buildAuditEntry(
      { ...input, time: normalizeTimestamp(input.time, "time") },
      this.headSync(input.organizationId),
    );
    this.context
      .statement(
        `INSERT INTO audit_entries (organization_id, sequence, time, actor_oid,
          action, outcome, target, entry, previous_hash, hash)
         VALUES (@organizationId, @sequence, @time, @actorOid, @action,
          @outcome, @target, @entry, @previousHash, @hash)`,
      )
      .run({
        organizationId: entry.organizationId,
        sequence: entry.sequence,
        time: entry.time,
        actorOid: entry.actor.oid,
        action: entry.action,
        outcome: entry.outcome,
        target: entry.target,
        entry: JSON.stringify(entry),
        previousHash: entry.previousHash,
        hash: entry.hash,
      });
    return entry;
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    return this.run(() => this.context.immediate(() => this.appendSync(input)));
  }

  async head(organizationId: string): Promise<AuditChainHead | null> {
    return this.run(() => this.headSync(organizationId));
  }

  async list(
    organizationId: string,
    filter: AuditFilter & PageRequest,
  ): Promise<Page<AuditEntry>> {
    const limit = normalizePageSize(filter.limit);
    const descending = filter.order !== "asc";
    const where = ["organization_id = @organizationId"];
    const params: Record<string, unknown> = {
      organizationId,
      limit: limit + 1,
    };

    if (filter.from !== undefined) {
      where.push("time >= @from");
      params.from = normalizeTimestamp(filter.from, "from");
    }
    if (filter.to !== undefined) {
      where.push("time < @to");
      params.to = normalizeTimestamp(filter.to, "to");
    }
    if (filter.actorOid !== undefined) {
      where.push("actor_oid = @actorOid");
      params.actorOid = filter.actorOid;
    }
    if (filter.action !== undefined) {
      if (filter.action.endsWith(".")) {
        where.push("action >= @actionLow AND action < @actionHigh");
        params.actionLow = filter.action;
        params.actionHigh = filter.action.slice(0, -1) + "/";
      } else {
        where.push("action = @action");
        params.action = filter.action;
      }
    }
    if (filter.outcome !== undefined) {
      where.push("outcome = @outcome");
      params.outcome = filter.outcome;
    }
    if (filter.target !== undefined) {
      where.push("target = @target");
      params.target = filter.target;
    }

    const fingerprint = queryFingerprint([
      "audit",
      organizationId,
      filter.from ?? null,
      filter.to ?? null,
      filter.actorOid ?? null,
      filter.action ?? null,
      filter.outcome ?? null,
      filter.target ?? null,
      descending,
    ]);
    if (filter.cursor) {
      where.push(descending ? "sequence < @after" : "sequence > @after");
      params.after = decodeCursor(filter.cursor, fingerprint, isSequence);
    }

    const rows = this.run(
      () =>
        this.context
          .statement(
            `SELECT entry FROM audit_entries WHERE ${where.join(" AND ")}
             ORDER BY sequence ${descending ? "DESC" : "ASC"} LIMIT @limit`,
          )
          .all(params) as { entry: string }[],
    );
    const items = rows
      .slice(0, limit)
      .map((row) => JSON.parse(row.entry) as AuditEntry);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(fingerprint, last.sequence)
          : null,
    };
  }

  async verify(organizationId: string): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier(organizationId);
    const statement = this.context.statement(
      `SELECT * FROM audit_entries
       WHERE organization_id = ? AND sequence > ?
       ORDER BY sequence LIMIT ?`,
    );
    let after = 0;
    for (;;) {
      const rows = this.run(
        () => statement.all(organizationId, after, VERIFY_BATCH) as AuditRow[],
      );
      for (const row of rows) {
        const entry = entryFromRow(row);
        if (!verifier.add(entry)) return verifier.result();
        after = row.sequence;
      }
      if (rows.length < VERIFY_BATCH) return verifier.result();
    }
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}
