// Audit chain on Cosmos DB without transactions. Entries are create-only
// documents whose id is the zero-padded sequence, so two appenders that
// computed the same next sequence collide with a 409: the loser reads the
// winner's entry and retries on top of it. A head document is only a hint
// of where the chain ends, so a crash between the two writes leaves no gap.

import type { Container, SqlParameter } from "@azure/cosmos";

import { AuditChainVerifier, buildAuditEntry } from "@/lib/audit/chain";

import { queryFingerprint } from "../cursor";
import { StoreUnavailableError } from "../errors";
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
import {
  auditEntryId,
  auditHeadPartitionKey,
  auditPartitionKey,
} from "./containers";
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import {
  queryAll,
  queryPage,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";

interface EntryDocument extends AuditEntry {
  id: string;
  partitionKey: string;
  type: "entry";
  /** Commit that appended it, so a resumed commit does not append twice. */
  commitId: string | null;
  commitIndex: number | null;
}

interface HeadDocument {
  id: "head";
  partitionKey: string;
  organizationId: string;
  type: "head";
  sequence: number;
  hash: string;
}

const ENTRY_INTERNAL_FIELDS = [
  "id",
  "partitionKey",
  "type",
  "commitId",
  "commitIndex",
];
/** Appends that lose this many races in a row give up. */
const MAX_APPEND_ATTEMPTS = 50;

function toEntry(document: Stored<EntryDocument>): AuditEntry {
  return stripDocument<AuditEntry>(document, ENTRY_INTERNAL_FIELDS);
}

export class CosmosAuditRepository implements AuditRepository {
  constructor(private readonly container: Container) {}

  private readEntry(
    organizationId: string,
    sequence: number,
  ): Promise<Stored<EntryDocument> | null> {
    return readDocument<EntryDocument>(
      this.container,
      auditEntryId(sequence),
      auditPartitionKey(organizationId, sequence),
    );
  }

  private readHead(
    organizationId: string,
  ): Promise<Stored<HeadDocument> | null> {
    return readDocument<HeadDocument>(
      this.container,
      "head",
      auditHeadPartitionKey(organizationId),
    );
  }

  /** The real last entry: the head hint, then forward while entries exist. */
  private async findTail(
    organizationId: string,
    hint: { sequence: number; hash: string } | null,
  ): Promise<{ sequence: number; hash: string } | null> {
    let last = hint;
    for (;;) {
      const next = await this.readEntry(
        organizationId,
        (last?.sequence ?? 0) + 1,
      );
      if (!next) return last;
      last = { sequence: next.sequence, hash: next.hash };
    }
  }

  /** Moves the head hint forward; losing a race here is harmless. */
  private async advanceHead(
    entry: AuditEntry,
    head: Stored<HeadDocument> | null,
  ): Promise<void> {
    const document: HeadDocument = {
      id: "head",
      partitionKey: auditHeadPartitionKey(entry.organizationId),
      organizationId: entry.organizationId,
      type: "head",
      sequence: entry.sequence,
      hash: entry.hash,
    };
    try {
      if (head) {
        await this.container
          .item("head", document.partitionKey)
          .replace(document, {
            accessCondition: { type: "IfMatch", condition: head._etag },
          });
      } else {
        await this.container.items.create(document);
      }
    } catch (error) {
      if (!isConflict(error) && !isPreconditionFailed(error)) {
        throw error;
      }
    }
  }

  async appendWithCommit(
    input: AuditEntryInput,
    commit: { commitId: string; commitIndex: number } | null,
  ): Promise<AuditEntry> {
    const normalized = {
      ...input,
      time: normalizeTimestamp(input.time, "time"),
    };
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const head = await this.readHead(input.organizationId);
      const tail = await this.findTail(input.organizationId, head);
      const entry = buildAuditEntry(normalized, tail);
      const document: EntryDocument = {
        ...entry,
        id: auditEntryId(entry.sequence),
        partitionKey: auditPartitionKey(entry.organizationId, entry.sequence),
        type: "entry",
        commitId: commit?.commitId ?? null,
        commitIndex: commit?.commitIndex ?? null,
      };
      try {
        await cosmosCall(() => this.container.items.create(document));
      } catch (error) {
        if (isConflict(error)) continue;
        throw error;
      }
      await this.advanceHead(entry, head);
      return entry;
    }
    throw new StoreUnavailableError(
      "cosmos",
      `audit append for organization ${input.organizationId} lost ${MAX_APPEND_ATTEMPTS} races in a row`,
    );
  }

  append(input: AuditEntryInput): Promise<AuditEntry> {
    return this.appendWithCommit(input, null);
  }

  /** Entries a commit already appended after `floor`, by their index in the commit. */
  async entriesOfCommit(
    organizationId: string,
    commitId: string,
    floor: number,
  ): Promise<Map<number, AuditEntry>> {
    const documents = await queryAll<Stored<EntryDocument>>(this.container, {
      query: `SELECT * FROM c WHERE c.organizationId = @organizationId
        AND c.type = 'entry' AND c.commitId = @commitId AND c.sequence > @floor`,
      parameters: [
        { name: "@organizationId", value: organizationId },
        { name: "@commitId", value: commitId },
        { name: "@floor", value: floor },
      ],
    });
    return new Map(
      documents.map((document) => [
        document.commitIndex ?? -1,
        toEntry(document),
      ]),
    );
  }

  async head(organizationId: string): Promise<AuditChainHead | null> {
    const hint = await this.readHead(organizationId);
    const tail = await this.findTail(organizationId, hint);
    return tail ? { organizationId, ...tail } : null;
  }

  async list(
    organizationId: string,
    filter: AuditFilter & PageRequest,
  ): Promise<Page<AuditEntry>> {
    const descending = filter.order !== "asc";
    const where = ["c.organizationId = @organizationId", "c.type = 'entry'"];
    const parameters: SqlParameter[] = [
      { name: "@organizationId", value: organizationId },
    ];
    const add = (condition: string, name: string, value: string) => {
      where.push(condition);
      parameters.push({ name, value });
    };
    if (filter.from !== undefined) {
      add("c.time >= @from", "@from", normalizeTimestamp(filter.from, "from"));
    }
    if (filter.to !== undefined) {
      add("c.time < @to", "@to", normalizeTimestamp(filter.to, "to"));
    }
    if (filter.actorOid !== undefined) {
      add("c.actor.oid = @actorOid", "@actorOid", filter.actorOid);
    }
    if (filter.action !== undefined) {
      if (filter.action.endsWith(".")) {
        add("STARTSWITH(c.action, @action)", "@action", filter.action);
      } else {
        add("c.action = @action", "@action", filter.action);
      }
    }
    if (filter.outcome !== undefined) {
      add("c.outcome = @outcome", "@outcome", filter.outcome);
    }
    if (filter.target !== undefined) {
      add("c.target = @target", "@target", filter.target);
    }

    // Cross-partition within the organization: its blocks are partitions.
    const page = await queryPage<Stored<EntryDocument>>(
      this.container,
      {
        query: `SELECT * FROM c WHERE ${where.join(" AND ")}
          ORDER BY c.sequence ${descending ? "DESC" : "ASC"}`,
        parameters,
      },
      {
        limit: normalizePageSize(filter.limit),
        cursor: filter.cursor,
        fingerprint: queryFingerprint([
          "audit",
          organizationId,
          filter.from ?? null,
          filter.to ?? null,
          filter.actorOid ?? null,
          filter.action ?? null,
          filter.outcome ?? null,
          filter.target ?? null,
          descending,
        ]),
      },
    );
    return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
  }

  /**
   * Reads the chain block by block (one partition each) in sequence order
   * until an empty block, so a deleted entry shows up as a gap, and checks
   * that the head hint does not point past the last entry read.
   */
  async verify(organizationId: string): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier(organizationId);
    const hint = await this.readHead(organizationId);

    for (let block = 0; ; block += 1) {
      const partitionKey = `${organizationId}:${block}`;
      let token: string | undefined;
      let read = 0;
      do {
        const response = await cosmosCall(() =>
          this.container.items
            .query<Stored<EntryDocument>>(
              {
                query: `SELECT * FROM c WHERE c.partitionKey = @partitionKey
                  AND c.type = 'entry' ORDER BY c.sequence ASC`,
                parameters: [{ name: "@partitionKey", value: partitionKey }],
              },
              { partitionKey, maxItemCount: 1000, continuationToken: token },
            )
            .fetchNext(),
        );
        for (const document of response.resources) {
          if (!verifier.add(toEntry(document))) return verifier.result();
        }
        read += response.resources.length;
        token = response.continuationToken ?? undefined;
      } while (token);
      if (read === 0) break;
    }

    const result = verifier.result();
    const verifiedTo = result.head?.sequence ?? 0;
    if (hint && hint.sequence > verifiedTo) {
      return {
        ...result,
        ok: false,
        firstBroken: {
          sequence: verifiedTo + 1,
          reason: "missing",
          detail: `the chain head is at ${hint.sequence} but entries end at ${verifiedTo}`,
        },
      };
    }
    return result;
  }
}
