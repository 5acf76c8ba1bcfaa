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
  /**
   * The prepared statement for `sql` on this handle, prepared on first use.
   * Use it with get, all and run only, because a statement with an open
   * `iterate()` cannot run again until its iterator ends.
   */
  statement(sql: string): Database.Statement;
  /** Runs `work` in a BEGIN IMMEDIATE transaction (nested: a savepoint). */
  immediate<T>(work: () => T): T;
}

/** Milliseconds a writer waits for another process's lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Prepared statements kept per handle. The fixed statements number a few
 * dozen, and filtered list queries add one per filter combination in use,
 * so the least recently used statement is dropped past this count.
 */
export const STATEMENT_CACHE_SIZE = 256;

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
  // In WAL mode, NORMAL syncs the WAL only at checkpoints, not at each
  // commit (SQLite documentation, PRAGMA synchronous). A committed
  // transaction survives a process crash. A power loss or OS crash can roll
  // back the transactions committed since the last checkpoint, but it leaves
  // the database consistent.
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
  const statements = new Map<string, Database.Statement>();
  // One wrapper for every call: db.transaction() builds new functions each time.
  const transaction = db.transaction(<T>(work: () => T): T => work());
  return {
    db,
    cipher,
    hooks,
    statement(sql: string): Database.Statement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      } else {
        // Re-inserting moves the entry to the end of the Map's order.
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
    immediate<T>(work: () => T): T {
      return (
        db.inTransaction ? transaction(work) : transaction.immediate(work)
      ) as T;
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
