import {
  decodeCursor,
  encodeCursor,
  isKeysetPosition,
  queryFingerprint,
} from "../cursor";
import { NotFoundError, VersionConflictError } from "../errors";
import {
  normalizePageSize,
  normalizeTimestamp,
  prepareNewOperation,
} from "../record-input";
import type { OperationRepository } from "../repositories";
import type {
  ClaimRequest,
  NewOperation,
  Operation,
  OperationCreateResult,
  OperationPatch,
  Page,
  PageRequest,
} from "../types";
import {
  isUniqueViolation,
  mapSqliteError,
  type SqliteContext,
} from "./context";
import { withoutVersion } from "../without-version";

interface OperationRow {
  record: string;
  version: number;
}

function rowToOperation(row: OperationRow): Operation {
  return {
    ...(JSON.parse(row.record) as Operation),
    version: String(row.version),
  };
}

function operationParams(operation: Operation, version: number) {
  const record = withoutVersion(operation);
  return {
    organization_id: operation.organizationId,
    id: operation.id,
    idempotency_key: operation.idempotencyKey,
    kind: operation.kind,
    state: operation.state,
    iccid: operation.iccid,
    next_attempt_at: operation.nextAttemptAt,
    lease_owner: operation.lease?.owner ?? null,
    lease_expires_at: operation.lease?.expiresAt ?? null,
    created_at: operation.createdAt,
    updated_at: operation.updatedAt,
    record: JSON.stringify(record),
    version,
  };
}

const DUE_STATES = "('pending', 'waiting', 'running')";

export class SqliteOperationRepository implements OperationRepository {
  constructor(private readonly context: SqliteContext) {}

  getSync(organizationId: string, id: string): Operation | null {
    const row = this.context
      .statement(
        `SELECT record, version FROM operations WHERE organization_id = ? AND id = ?`,
      )
      .get(organizationId, id) as OperationRow | undefined;
    return row ? rowToOperation(row) : null;
  }

  getByIdempotencyKeySync(
    organizationId: string,
    idempotencyKey: string,
  ): Operation | null {
    const row = this.context
      .statement(
        `SELECT record, version FROM operations
         WHERE organization_id = ? AND idempotency_key = ?`,
      )
      .get(organizationId, idempotencyKey) as OperationRow | undefined;
    return row ? rowToOperation(row) : null;
  }

  createSync(input: NewOperation): OperationCreateResult {
    const existing = this.getByIdempotencyKeySync(
      input.organizationId,
      input.idempotencyKey,
    );
    if (existing) return { operation: existing, created: false };

    const operation = { ...prepareNewOperation(input), version: "1" };
    try {
      this.context
        .statement(
          `INSERT INTO operations (organization_id, id, idempotency_key, kind,
            state, iccid, next_attempt_at, lease_owner, lease_expires_at,
            created_at, updated_at, record, version)
           VALUES (@organization_id, @id, @idempotency_key, @kind, @state,
            @iccid, @next_attempt_at, @lease_owner, @lease_expires_at,
            @created_at, @updated_at, @record, @version)`,
        )
        .run(operationParams(operation, 1));
    } catch (error) {
      // Another process inserted the same key between our read and insert.
      if (!isUniqueViolation(error)) throw error;
      const winner = this.getByIdempotencyKeySync(
        input.organizationId,
        input.idempotencyKey,
      );
      if (!winner) throw error;
      return { operation: winner, created: false };
    }
    return { operation, created: true };
  }

  updateSync(
    organizationId: string,
    id: string,
    patch: OperationPatch,
    ifVersion: string,
  ): Operation {
    const current = this.getSync(organizationId, id);
    if (!current) throw new NotFoundError("operation", id);
    if (current.version !== ifVersion) {
      throw new VersionConflictError("operation", id, ifVersion);
    }
    const next: Operation = {
      ...current,
      ...patch,
      updatedAt: normalizeTimestamp(
        patch.updatedAt ?? new Date().toISOString(),
        "updatedAt",
      ),
    };
    const version = Number(ifVersion) + 1;
    this.writeSync(next, version, Number(ifVersion));
    return { ...next, version: String(version) };
  }

  private writeSync(operation: Operation, version: number, expected: number) {
    const result = this.context
      .statement(
        `UPDATE operations SET state = @state, iccid = @iccid,
          next_attempt_at = @next_attempt_at, lease_owner = @lease_owner,
          lease_expires_at = @lease_expires_at, updated_at = @updated_at,
          record = @record, version = @version
         WHERE organization_id = @organization_id AND id = @id
           AND version = @expected_version`,
      )
      .run({
        ...operationParams(operation, version),
        expected_version: expected,
      });
    if (result.changes !== 1) {
      throw new VersionConflictError(
        "operation",
        operation.id,
        String(expected),
      );
    }
  }

  async create(operation: NewOperation): Promise<OperationCreateResult> {
    return this.run(() =>
      this.context.immediate(() => this.createSync(operation)),
    );
  }

  async get(organizationId: string, id: string): Promise<Operation | null> {
    return this.run(() => this.getSync(organizationId, id));
  }

  async getByIdempotencyKey(
    organizationId: string,
    idempotencyKey: string,
  ): Promise<Operation | null> {
    return this.run(() =>
      this.getByIdempotencyKeySync(organizationId, idempotencyKey),
    );
  }

  async update(
    organizationId: string,
    id: string,
    patch: OperationPatch,
    options: { ifVersion: string },
  ): Promise<Operation> {
    return this.run(() =>
      this.context.immediate(() =>
        this.updateSync(organizationId, id, patch, options.ifVersion),
      ),
    );
  }

  async claimDue(request: ClaimRequest): Promise<Operation[]> {
    const now = normalizeTimestamp(request.now, "now");
    const expiresAt = new Date(Date.parse(now) + request.leaseMs).toISOString();
    const limit = normalizePageSize(request.limit);

    // BEGIN IMMEDIATE takes the write lock before the SELECT, so a second
    // process claiming at the same time waits and then reads the leases written here.
    return this.run(() =>
      this.context.immediate(() => {
        const rows = this.context
          .statement(
            `SELECT record, version FROM operations
             WHERE state IN ${DUE_STATES}
               AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
               AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
             ORDER BY next_attempt_at LIMIT @limit`,
          )
          .all({ now, limit }) as OperationRow[];

        return rows.map((row) => {
          const current = rowToOperation(row);
          const next: Operation = {
            ...current,
            lease: { owner: request.owner, expiresAt },
            updatedAt: now,
          };
          this.writeSync(next, row.version + 1, row.version);
          return { ...next, version: String(row.version + 1) };
        });
      }),
    );
  }

  async listByProfile(
    organizationId: string,
    iccid: string,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    return this.listPage(
      ["by-profile", organizationId, iccid],
      "organization_id = @organizationId AND iccid = @iccid",
      "created_at",
      { organizationId, iccid },
      page,
    );
  }

  async listFailed(
    organizationId: string,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    return this.listPage(
      ["failed", organizationId],
      "organization_id = @organizationId AND state = 'failed'",
      "updated_at",
      { organizationId },
      page,
    );
  }

  /** Newest first, keyset on (sortColumn, id). */
  private async listPage(
    fingerprintParts: unknown[],
    where: string,
    sortColumn: "created_at" | "updated_at",
    params: Record<string, unknown>,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    const limit = normalizePageSize(page.limit);
    const fingerprint = queryFingerprint(fingerprintParts);
    let keyset = "";
    const allParams: Record<string, unknown> = { ...params, limit: limit + 1 };
    if (page.cursor) {
      const [sortValue, id] = decodeCursor(
        page.cursor,
        fingerprint,
        isKeysetPosition,
      );
      keyset = ` AND (${sortColumn}, id) < (@afterSort, @afterId)`;
      allParams.afterSort = sortValue;
      allParams.afterId = id;
    }
    const rows = this.run(
      () =>
        this.context
          .statement(
            `SELECT record, version FROM operations WHERE ${where}${keyset}
             ORDER BY ${sortColumn} DESC, id DESC LIMIT @limit`,
          )
          .all(allParams) as OperationRow[],
    );
    const items = rows.slice(0, limit).map(rowToOperation);
    const last = items[items.length - 1];
    const sortKey = sortColumn === "created_at" ? "createdAt" : "updatedAt";
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(fingerprint, [last[sortKey], last.id])
          : null,
    };
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}
