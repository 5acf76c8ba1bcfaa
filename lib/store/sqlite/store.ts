// SQLite adapter: one database file, WAL mode, shared by the portal and the
// worker processes. Writers use BEGIN IMMEDIATE so that concurrent processes
// serialize on the write lock instead of failing at commit time.

import pino from "pino";

import {
  ActivationCodeCipher,
  loadOrCreateLocalKey,
} from "../activation-code-cipher";
import { assertSingleOrganization } from "../commit-request";
import type { Store } from "../repositories";
import type { CommitRequest, CommitResult, Operation, Profile } from "../types";
import { SqliteAuditRepository } from "./audit";
import { startBackgroundCheckpoint } from "./background-checkpoint";
import { SqliteCarrierRepository } from "./carriers";
import {
  BUSY_TIMEOUT_MS,
  createContext,
  mapSqliteError,
  openDatabase,
  type SqliteTestHooks,
} from "./context";
import { SqliteNotificationRepository } from "./notifications";
import { SqliteOperationRepository } from "./operations";
import { SqliteOrganizationRepository } from "./organizations";
import { SqliteProfileRepository } from "./profiles";
import { SqliteRateLimitRepository } from "./rate-limits";
import { SqliteRollupRepository } from "./rollups";

export interface SqliteStoreOptions {
  /** Database file; its folder is created when missing. */
  path: string;
  /** 32-byte AES key; by default a local key file beside the database. */
  encryptionKey?: Buffer | null;
  /**
   * WAL checkpoints on a worker thread instead of in the committing call;
   * default true for database files (ignored for ":memory:").
   */
  backgroundCheckpoint?: boolean;
  /** Test-only fault injection; leave unset in the application. */
  testHooks?: SqliteTestHooks;
}

export interface SqliteStore extends Store {
  readonly kind: "sqlite";
  profiles: SqliteProfileRepository;
  operations: SqliteOperationRepository;
  audit: SqliteAuditRepository;
  rollups: SqliteRollupRepository;
  /** The better-sqlite3 handle, for seeding and benchmarks. */
  readonly database: ReturnType<typeof openDatabase>;
}

export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const db = openDatabase(options.path);
  const key =
    options.encryptionKey ??
    (options.path === ":memory:"
      ? Buffer.alloc(32, 7)
      : loadOrCreateLocalKey(options.path));
  const context = createContext(
    db,
    new ActivationCodeCipher(key),
    options.testHooks ?? {},
  );

  const profiles = new SqliteProfileRepository(context);
  const operations = new SqliteOperationRepository(context);
  const audit = new SqliteAuditRepository(context);
  const rollups = new SqliteRollupRepository(context);
  const step = (name: string) => context.hooks.beforeCommitStep?.(name);
  const checkpoint =
    options.path !== ":memory:" && options.backgroundCheckpoint !== false
      ? startBackgroundCheckpoint(
          db,
          options.path,
          BUSY_TIMEOUT_MS,
          pino({ name: "sqlite-store" }),
        )
      : null;

  function commitSync(request: CommitRequest): CommitResult {
    const { organizationId } = request;
    let operation: Operation | null = null;
    let operationCreated = false;
    let profile: Profile | null = null;

    if (request.operation) {
      step("operation");
      if ("create" in request.operation) {
        const result = operations.createSync(request.operation.create);
        if (!result.created) {
          return {
            operation: result.operation,
            operationCreated: false,
            profile: null,
            audit: [],
          };
        }
        operation = result.operation;
        operationCreated = true;
      } else {
        const { id, patch, ifVersion } = request.operation.update;
        operation = operations.updateSync(organizationId, id, patch, ifVersion);
      }
    }

    if (request.profile) {
      step("profile");
      if ("create" in request.profile) {
        profile = profiles.createSync(request.profile.create);
      } else {
        const { iccid, patch, ifVersion } = request.profile.update;
        profile = profiles.updateSync(organizationId, iccid, patch, ifVersion);
      }
    }

    const entries = (request.audit ?? []).map((input) => {
      step("audit");
      return audit.appendSync(input);
    });

    for (const increment of request.rollups ?? []) {
      step("rollups");
      rollups.incrementSync(increment);
    }

    return { operation, operationCreated, profile, audit: entries };
  }

  return {
    kind: "sqlite",
    database: db,
    organizations: new SqliteOrganizationRepository(context),
    carriers: new SqliteCarrierRepository(context),
    profiles,
    operations,
    audit,
    notifications: new SqliteNotificationRepository(context),
    rollups,
    rateLimits: new SqliteRateLimitRepository(context),
    async commit(request) {
      assertSingleOrganization(request);
      try {
        return context.immediate(() => commitSync(request));
      } catch (error) {
        throw mapSqliteError(error);
      }
    },
    async close() {
      await checkpoint?.stop();
      if (db.open) db.close();
    },
  };
}
