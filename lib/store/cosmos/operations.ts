import type { Container } from "@azure/cosmos";

import { normalizeIccid } from "@/lib/esim/iccid";

import { queryFingerprint } from "../cursor";
import { DuplicateError, NotFoundError, VersionConflictError } from "../errors";
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
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import {
  queryAll,
  queryPage,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";
import type { PendingCommit } from "./pending-commit";

export type OperationDocument = Omit<Operation, "version"> & {
  lastCommitId?: string | null;
  pendingCommit?: PendingCommit | null;
};

const INTERNAL_FIELDS = ["lastCommitId", "pendingCommit"] as const;

/** How many due candidates one claim reads per requested operation. */
const CLAIM_CANDIDATE_FACTOR = 3;

export function operationFromDocument(
  document: Stored<OperationDocument>,
): Operation {
  return {
    ...stripDocument<Omit<Operation, "version">>(document, INTERNAL_FIELDS),
    version: document._etag,
  };
}

export class CosmosOperationRepository implements OperationRepository {
  constructor(
    private readonly container: Container,
    /** Completes a pending commit found on a read if it is stale. */
    private readonly resolvePending: (
      document: Stored<OperationDocument>,
    ) => Promise<boolean>,
  ) {}

  readDocument(
    organizationId: string,
    id: string,
  ): Promise<Stored<OperationDocument> | null> {
    return readDocument<OperationDocument>(this.container, id, organizationId);
  }

  async readByIdempotencyKey(
    organizationId: string,
    idempotencyKey: string,
  ): Promise<Stored<OperationDocument> | null> {
    const [document] = await queryAll<Stored<OperationDocument>>(
      this.container,
      {
        query:
          "SELECT * FROM c WHERE c.organizationId = @organizationId AND c.idempotencyKey = @key",
        parameters: [
          { name: "@organizationId", value: organizationId },
          { name: "@key", value: idempotencyKey },
        ],
      },
      organizationId,
    );
    return document ?? null;
  }

  /**
   * Creates the document, or returns the one holding the same idempotency
   * key (the unique key makes the second create a 409).
   */
  async createDocument(
    document: OperationDocument,
  ): Promise<{ document: Stored<OperationDocument>; created: boolean }> {
    try {
      const response = await cosmosCall(() =>
        this.container.items.create(document),
      );
      return {
        document: response.resource as Stored<OperationDocument>,
        created: true,
      };
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await this.readByIdempotencyKey(
        document.organizationId,
        document.idempotencyKey,
      );
      if (!existing) throw new DuplicateError("operation", "id", document.id);
      return { document: existing, created: false };
    }
  }

  async replaceDocument(
    document: OperationDocument,
    ifVersion: string,
  ): Promise<Stored<OperationDocument>> {
    try {
      const response = await cosmosCall(() =>
        this.container
          .item(document.id, document.organizationId)
          .replace(document, {
            accessCondition: { type: "IfMatch", condition: ifVersion },
          }),
      );
      return response.resource as Stored<OperationDocument>;
    } catch (error) {
      if (isPreconditionFailed(error)) {
        throw new VersionConflictError("operation", document.id, ifVersion);
      }
      throw error;
    }
  }

  async deleteDocument(document: Stored<OperationDocument>): Promise<void> {
    await cosmosCall(() =>
      this.container.item(document.id, document.organizationId).delete({
        accessCondition: { type: "IfMatch", condition: document._etag },
      }),
    );
  }

  async patchedDocument(
    organizationId: string,
    id: string,
    patch: OperationPatch,
    ifVersion: string,
  ): Promise<{ current: Stored<OperationDocument>; next: OperationDocument }> {
    const current = await this.readDocument(organizationId, id);
    if (!current) throw new NotFoundError("operation", id);
    if (current._etag !== ifVersion) {
      throw new VersionConflictError("operation", id, ifVersion);
    }
    const next: OperationDocument = {
      ...stripDocument<OperationDocument>(current),
      ...patch,
      updatedAt: normalizeTimestamp(
        patch.updatedAt ?? new Date().toISOString(),
        "updatedAt",
      ),
    };
    return { current, next };
  }

  private async resolved(
    document: Stored<OperationDocument> | null,
  ): Promise<Stored<OperationDocument> | null> {
    if (!document?.pendingCommit) return document;
    if (await this.resolvePending(document)) {
      return this.readDocument(document.organizationId, document.id);
    }
    return document;
  }

  async create(input: NewOperation): Promise<OperationCreateResult> {
    const operation = prepareNewOperation(input);
    const { document, created } = await this.createDocument(operation);
    const current = created ? document : await this.resolved(document);
    if (!current) {
      // The pending commit that created it was undone: create again.
      return this.create(input);
    }
    return { operation: operationFromDocument(current), created };
  }

  async get(organizationId: string, id: string): Promise<Operation | null> {
    const document = await this.resolved(
      await this.readDocument(organizationId, id),
    );
    return document ? operationFromDocument(document) : null;
  }

  async getByIdempotencyKey(
    organizationId: string,
    idempotencyKey: string,
  ): Promise<Operation | null> {
    const document = await this.resolved(
      await this.readByIdempotencyKey(organizationId, idempotencyKey),
    );
    return document ? operationFromDocument(document) : null;
  }

  async update(
    organizationId: string,
    id: string,
    patch: OperationPatch,
    options: { ifVersion: string },
  ): Promise<Operation> {
    const { next } = await this.patchedDocument(
      organizationId,
      id,
      patch,
      options.ifVersion,
    );
    return operationFromDocument(
      await this.replaceDocument(next, options.ifVersion),
    );
  }

  /**
   * Reads due candidates across organizations, then leases each one with
   * IfMatch on the ETag it was read with. Of two workers racing for the
   * same operation, exactly one replace succeeds and the other gets 412.
   */
  async claimDue(request: ClaimRequest): Promise<Operation[]> {
    const now = normalizeTimestamp(request.now, "now");
    const limit = normalizePageSize(request.limit);
    const expiresAt = new Date(Date.parse(now) + request.leaseMs).toISOString();

    // NOTE: a fan-out query over every partition; at many organizations a
    // per-shard "due" index document would keep the cost flat.
    const response = await cosmosCall(() =>
      this.container.items
        .query<Stored<OperationDocument>>(
          {
            query: `SELECT * FROM c
              WHERE c.state IN ('pending', 'waiting', 'running')
                AND (IS_NULL(c.nextAttemptAt) OR c.nextAttemptAt <= @now)
                AND (IS_NULL(c.lease) OR c.lease.expiresAt <= @now)`,
            parameters: [{ name: "@now", value: now }],
          },
          { maxItemCount: limit * CLAIM_CANDIDATE_FACTOR },
        )
        .fetchNext(),
    );

    const claimed: Operation[] = [];
    for (const candidate of response.resources) {
      if (claimed.length >= limit) break;
      // A commit in flight owns the document; a stale one is finished now
      // and the operation is claimed on a later round.
      if (candidate.pendingCommit) {
        await this.resolvePending(candidate);
        continue;
      }
      const next: OperationDocument = {
        ...stripDocument<OperationDocument>(candidate),
        lease: { owner: request.owner, expiresAt },
        updatedAt: now,
      };
      try {
        claimed.push(
          operationFromDocument(
            await this.replaceDocument(next, candidate._etag),
          ),
        );
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    return claimed;
  }

  async listByProfile(
    organizationId: string,
    iccid: string,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    return this.list(
      ["by-profile", organizationId, iccid],
      "c.iccid = @value",
      normalizeIccid(iccid),
      "createdAt",
      organizationId,
      page,
    );
  }

  async listFailed(
    organizationId: string,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    return this.list(
      ["failed", organizationId],
      "c.state = @value",
      "failed",
      "updatedAt",
      organizationId,
      page,
    );
  }

  private async list(
    fingerprintParts: unknown[],
    condition: string,
    value: string,
    sortField: "createdAt" | "updatedAt",
    organizationId: string,
    page: PageRequest,
  ): Promise<Page<Operation>> {
    const result = await queryPage<Stored<OperationDocument>>(
      this.container,
      {
        query: `SELECT * FROM c WHERE c.organizationId = @organizationId AND ${condition}
          ORDER BY c.${sortField} DESC, c.id DESC`,
        parameters: [
          { name: "@organizationId", value: organizationId },
          { name: "@value", value },
        ],
      },
      {
        limit: normalizePageSize(page.limit),
        cursor: page.cursor,
        fingerprint: queryFingerprint(fingerprintParts),
        partitionKey: organizationId,
      },
    );
    return {
      items: result.items.map(operationFromDocument),
      nextCursor: result.nextCursor,
    };
  }
}
