// Multi-record commits on Cosmos DB without transactional batch (which the
// test server does not implement and which cannot span partitions anyway).
//
// 1. Every precondition is checked first: profile version or absence.
// 2. The anchor document (the operation, else the profile) is written with a
//    `pendingCommit` marker that records every remaining write. This single
//    document write is the commit point.
// 3. The remaining writes are applied, each one idempotently: the profile
//    carries `lastCommitId`, audit entries carry the commit id and index.
// 4. The marker is cleared.
//
// A crash after step 2 leaves the marker; any reader that finds a marker
// older than `recoverAfterMs` runs steps 3 and 4 again. If the profile
// changed between steps 1 and 3, the anchor is restored (or deleted) and the
// commit fails with VersionConflictError, so it is all or nothing as seen
// through the store.
//
// NOTE: rollup increments are not idempotent; a commit resumed after a crash
// in the middle of its rollups counts them again. Two readers resuming the
// same commit at once can append its audit entries twice (each entry still
// chains correctly). Both windows need a crash and are short.

import { randomUUID } from "node:crypto";

import { assertSingleOrganization } from "../commit-request";
import {
  DuplicateError,
  StoreUnavailableError,
  VersionConflictError,
} from "../errors";
import { prepareNewOperation, prepareNewProfile } from "../record-input";
import type {
  AuditEntry,
  CommitRequest,
  CommitResult,
  Operation,
  Profile,
} from "../types";
import type { CosmosAuditRepository } from "./audit";
import { isNotFound, isPreconditionFailed } from "./cosmos-errors";
import { stripDocument, type Stored } from "./documents";
import {
  operationFromDocument,
  type CosmosOperationRepository,
  type OperationDocument,
} from "./operations";
import type { PendingCommit } from "./pending-commit";
import type { CosmosProfileRepository, ProfileDocument } from "./profiles";
import type { CosmosRollupRepository } from "./rollups";

const MAX_MARKER_ATTEMPTS = 20;

type AnchorDocument =
  | { kind: "operation"; document: Stored<OperationDocument> }
  | { kind: "profile"; document: Stored<ProfileDocument> };

export interface CommitDependencies {
  operations: CosmosOperationRepository;
  profiles: CosmosProfileRepository;
  audit: CosmosAuditRepository;
  rollups: CosmosRollupRepository;
  recoverAfterMs: number;
  beforeCommitStep: (step: string) => void | Promise<void>;
}

export class CosmosCommitter {
  constructor(private readonly deps: CommitDependencies) {}

  async commit(request: CommitRequest): Promise<CommitResult> {
    assertSingleOrganization(request);
    const { organizationId } = request;
    const { operations, profiles, audit } = this.deps;
    const step = this.deps.beforeCommitStep;

    const pending: PendingCommit = {
      id: `cmt_${randomUUID()}`,
      createdAt: new Date().toISOString(),
      anchor: request.operation ? "operation" : "profile",
      operationBefore: null,
      profile: await this.profileWrite(request),
      audit: request.audit ?? [],
      auditFloor: (await audit.head(organizationId))?.sequence ?? 0,
      rollups: request.rollups ?? [],
    };

    if (request.operation) {
      await step("operation");
      let anchor: Stored<OperationDocument>;
      if ("create" in request.operation) {
        const operation = prepareNewOperation(request.operation.create);
        const result = await operations.createDocument({
          ...operation,
          lastCommitId: pending.id,
          pendingCommit: pending,
        });
        if (!result.created) {
          const existing = await operations.get(
            organizationId,
            result.document.id,
          );
          return {
            operation: existing ?? operationFromDocument(result.document),
            operationCreated: false,
            profile: null,
            audit: [],
          };
        }
        anchor = result.document;
      } else {
        const { id, patch, ifVersion } = request.operation.update;
        const { current, next } = await operations.patchedDocument(
          organizationId,
          id,
          patch,
          ifVersion,
        );
        pending.operationBefore = stripDocument(current);
        anchor = await operations.replaceDocument(
          { ...next, lastCommitId: pending.id, pendingCommit: pending },
          ifVersion,
        );
      }
      const result = await this.finish(
        { kind: "operation", document: anchor },
        false,
      );
      return { ...result, operationCreated: "create" in request.operation };
    }

    if (pending.profile) {
      await step("profile");
      const document = {
        ...(pending.profile.document as ProfileDocument),
        lastCommitId: pending.id,
        pendingCommit: { ...pending, profile: null },
      };
      const anchor =
        pending.profile.ifVersion === null
          ? await profiles.createDocument(document)
          : await profiles.replaceDocument(document, pending.profile.ifVersion);
      const result = await this.finish(
        { kind: "profile", document: anchor },
        false,
      );
      return { ...result, operationCreated: false };
    }

    // NOTE: with no operation or profile there is no anchor document, so
    // several audit entries or rollups in one such commit are written one by
    // one, not atomically.
    const entries: AuditEntry[] = [];
    for (const input of pending.audit) {
      await step("audit");
      entries.push(await audit.append(input));
    }
    for (const increment of pending.rollups) {
      await step("rollups");
      await this.deps.rollups.increment(increment);
    }
    return {
      operation: null,
      operationCreated: false,
      profile: null,
      audit: entries,
    };
  }

  /**
   * Finishes a stale commit found on `document` (see the file comment).
   * Returns true when a commit was resumed or undone.
   */
  async resolvePending(anchor: AnchorDocument): Promise<boolean> {
    const pending = anchor.document.pendingCommit;
    if (!pending) return false;
    const age = Date.now() - Date.parse(pending.createdAt);
    if (age < this.deps.recoverAfterMs) return false;
    try {
      await this.finish(anchor, true);
    } catch (error) {
      // The commit was undone because its profile write conflicted.
      if (!(
        error instanceof VersionConflictError || error instanceof DuplicateError
      )) {
        throw error;
      }
    }
    return true;
  }

  /** The profile document this commit will write, after checking its preconditions. */
  private async profileWrite(
    request: CommitRequest,
  ): Promise<PendingCommit["profile"]> {
    if (!request.profile) return null;
    const { profiles } = this.deps;
    if ("create" in request.profile) {
      const profile = prepareNewProfile(request.profile.create);
      if (await profiles.readDocument(profile.organizationId, profile.iccid)) {
        throw new DuplicateError("profile", "ICCID", profile.iccid);
      }
      return {
        document: { ...profiles.toDocument(profile), lastCommitId: null },
        ifVersion: null,
      };
    }
    const { iccid, patch, ifVersion } = request.profile.update;
    const { next } = await profiles.patchedDocument(
      request.organizationId,
      iccid,
      patch,
      ifVersion,
    );
    return { document: next, ifVersion };
  }

  private async finish(
    anchor: AnchorDocument,
    recovering: boolean,
  ): Promise<Omit<CommitResult, "operationCreated">> {
    const pending = anchor.document.pendingCommit as PendingCommit;
    const organizationId = anchor.document.organizationId;
    const step = this.deps.beforeCommitStep;

    let profile: Profile | null = null;
    if (anchor.kind === "operation" && pending.profile) {
      await step("profile");
      try {
        profile = await this.applyProfile(pending);
      } catch (error) {
        if (
          error instanceof VersionConflictError ||
          error instanceof DuplicateError
        ) {
          await this.undoOperation(anchor.document);
        }
        throw error;
      }
    }

    const done = recovering
      ? await this.deps.audit.entriesOfCommit(
          organizationId,
          pending.id,
          pending.auditFloor,
        )
      : new Map<number, AuditEntry>();
    const entries: AuditEntry[] = [];
    for (const [index, input] of pending.audit.entries()) {
      await step("audit");
      entries.push(
        done.get(index) ??
          (await this.deps.audit.appendWithCommit(input, {
            commitId: pending.id,
            commitIndex: index,
          })),
      );
    }
    for (const increment of pending.rollups) {
      await step("rollups");
      await this.deps.rollups.increment(increment);
    }

    let operation: Operation | null = null;
    if (anchor.kind === "operation") {
      const cleared = await this.clearMarker(
        pending.id,
        () =>
          this.deps.operations.readDocument(organizationId, anchor.document.id),
        (document) =>
          this.deps.operations.replaceDocument(
            {
              ...stripDocument<OperationDocument>(document),
              pendingCommit: null,
            },
            document._etag,
          ),
      );
      operation = cleared ? operationFromDocument(cleared) : null;
    } else {
      const cleared = await this.clearMarker(
        pending.id,
        () =>
          this.deps.profiles.readDocument(
            organizationId,
            anchor.document.iccid,
          ),
        (document) =>
          this.deps.profiles.replaceDocument(
            {
              ...stripDocument<ProfileDocument>(document),
              pendingCommit: null,
            },
            document._etag,
          ),
      );
      profile = cleared ? this.deps.profiles.fromDocument(cleared) : null;
    }
    return { operation, profile, audit: entries };
  }

  /** Writes the recorded profile document, or finds it already written by this commit. */
  private async applyProfile(pending: PendingCommit): Promise<Profile> {
    const { profiles } = this.deps;
    const write = pending.profile as NonNullable<PendingCommit["profile"]>;
    const document = {
      ...(write.document as ProfileDocument),
      lastCommitId: pending.id,
    };
    try {
      const stored =
        write.ifVersion === null
          ? await profiles.createDocument(document)
          : await profiles.replaceDocument(document, write.ifVersion);
      return profiles.fromDocument(stored);
    } catch (error) {
      if (!(
        error instanceof VersionConflictError || error instanceof DuplicateError
      )) {
        throw error;
      }
      const existing = await profiles.readDocument(
        document.organizationId,
        document.iccid,
      );
      if (existing?.lastCommitId === pending.id) {
        return profiles.fromDocument(existing);
      }
      throw error;
    }
  }

  /** Restores the operation as it was before the commit, or deletes a created one. */
  private async undoOperation(
    document: Stored<OperationDocument>,
  ): Promise<void> {
    const { operations } = this.deps;
    const pending = document.pendingCommit as PendingCommit;
    let current: Stored<OperationDocument> | null = document;
    for (let attempt = 0; attempt < MAX_MARKER_ATTEMPTS; attempt += 1) {
      if (!current || current.pendingCommit?.id !== pending.id) return;
      try {
        if (pending.operationBefore === null) {
          await operations.deleteDocument(current);
        } else {
          await operations.replaceDocument(
            pending.operationBefore as OperationDocument,
            current._etag,
          );
        }
        return;
      } catch (error) {
        if (isNotFound(error)) return;
        if (
          !(error instanceof VersionConflictError) &&
          !isPreconditionFailed(error)
        ) {
          throw error;
        }
      }
      current = await operations.readDocument(
        document.organizationId,
        document.id,
      );
    }
  }

  /** Removes the marker of commit `commitId`, retrying when the document changed meanwhile. */
  private async clearMarker<T extends { pendingCommit?: PendingCommit | null }>(
    commitId: string,
    read: () => Promise<Stored<T> | null>,
    replace: (document: Stored<T>) => Promise<Stored<T>>,
  ): Promise<Stored<T> | null> {
    for (let attempt = 0; attempt < MAX_MARKER_ATTEMPTS; attempt += 1) {
      const current = await read();
      if (!current) return null;
      if (current.pendingCommit?.id !== commitId) return current;
      try {
        return await replace(current);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new StoreUnavailableError(
      "cosmos",
      `the marker of commit ${commitId} kept changing during ${MAX_MARKER_ATTEMPTS} attempts`,
    );
  }
}
