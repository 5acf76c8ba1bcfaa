import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

import type { ActivationCodeCipher } from "../activation-code-cipher";
import { DuplicateError, StoreUnavailableError } from "../errors";
import { migrate } from "./migrations";

/**
 * Test-only fault injection, called before each write step of a commit:
 * "operation", "profile", "audit" or "rollups". A throw aborts the commit at
 * that step, as a crash or a database error would.
 */
export interface SqliteTestHooks {
  beforeCommitStep?: (step: string) => void;
}

export interface SqliteContext {
  db: Database.Database;
  cipher: ActivationCodeCipher;
  hooks: SqliteTestHooks;
  /** Runs `work` in a BEGIN IMMEDIATE transaction (nested: a savepoint). */
  immediate<T>(work: () => T): T;
}

/** Milliseconds a writer waits for another process's lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(filePath: string): Database.Database {
  if (filePath !== ":memory:") {
    mkdirSync(path.dirname(filePath), { recursive: true });
  }
  let db: Database.Database;
  try {
    db = new Database(filePath, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreUnavailableError(
      "sqlite",
      `cannot open ${filePath} (${(error as Error).message})`,
      { cause: error },
    );
  }
  db.pragma("journal_mode = WAL");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

export function createContext(
  db: Database.Database,
  cipher: ActivationCodeCipher,
  hooks: SqliteTestHooks,
): SqliteContext {
  return {
    db,
    cipher,
    hooks,
    immediate<T>(work: () => T): T {
      const transaction = db.transaction(work);
      return db.inTransaction ? transaction() : transaction.immediate();
    },
  };
}

function sqliteCode(error: unknown): string | null {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : null;
  }
  return null;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return (
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}

/** Maps lock timeouts and I/O failures to StoreUnavailableError. */
export function mapSqliteError(error: unknown): unknown {
  const code = sqliteCode(error);
  if (
    code === "SQLITE_BUSY" ||
    code === "SQLITE_LOCKED" ||
    code === "SQLITE_IOERR" ||
    code === "SQLITE_FULL" ||
    code === "SQLITE_CANTOPEN"
  ) {
    return new StoreUnavailableError("sqlite", (error as Error).message, {
      cause: error,
    });
  }
  return error;
}

export function duplicateOr(
  error: unknown,
  duplicate: () => DuplicateError,
): unknown {
  return isUniqueViolation(error) ? duplicate() : mapSqliteError(error);
}
