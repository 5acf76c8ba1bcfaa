// WAL checkpoints on a worker thread. A checkpoint copies the WAL back into
// the database file and, with synchronous = NORMAL, calls fsync twice. When
// the committing connection runs it (SQLite's automatic checkpoint), the
// event loop waits for those fsync calls. Here a second connection on a
// worker thread runs PASSIVE checkpoints, which do not wait for readers or
// writers (SQLite documentation, sqlite3_wal_checkpoint_v2).
// A checkpoint finishes only if no commit lands while it runs, and only a
// finished checkpoint lets the WAL restart from its beginning. So the main
// connection keeps its automatic checkpoint as a backstop, at a higher
// threshold, which bounds the WAL under constant writes.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

import type Database from "better-sqlite3";
import type { Logger } from "pino";

/** Milliseconds between the thread's PASSIVE checkpoints. */
export const BACKGROUND_CHECKPOINT_INTERVAL_MS = 100;
/**
 * WAL frames at which the main connection checkpoints itself, about 40 MB
 * at the default 4 KiB page size. SQLite's default, used when no thread
 * runs, is 1 000.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;
/** SQLite's default `wal_autocheckpoint`, restored when the thread fails. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// The thread runs as plain CommonJS from a string, so it needs no separate
// build step, and it loads better-sqlite3 by absolute path.
// NOTE: tested under tsx and vitest only. No Next.js server bundle has run it.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma("synchronous = NORMAL");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    clearInterval(timer);
    db.close();
    throw error;
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoint {
  /** Stops the thread after its current checkpoint; resolves once it exited. */
  stop(): Promise<void>;
}

function resolveDriverPath(): string {
  try {
    return createRequire(import.meta.url).resolve("better-sqlite3");
  } catch {
    // Bundlers may rewrite import.meta.url; the project root is the cwd then.
    return createRequire(path.join(process.cwd(), "package.json")).resolve(
      "better-sqlite3",
    );
  }
}

/**
 * Starts PASSIVE checkpoints of `filePath` on a worker thread and raises the
 * main connection's automatic checkpoint threshold. Returns null, leaving
 * SQLite's default in place, when the thread cannot start. When the thread
 * fails later, the main connection goes back to the default threshold.
 */
export function startBackgroundCheckpoint(
  db: Database.Database,
  filePath: string,
  busyTimeoutMs: number,
  logger: Pick<Logger, "warn">,
): BackgroundCheckpoint | null {
  let worker: Worker;
  try {
    worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        driverPath: resolveDriverPath(),
        path: filePath,
        busyTimeoutMs,
        intervalMs: BACKGROUND_CHECKPOINT_INTERVAL_MS,
      },
    });
  } catch (error) {
    logger.warn(
      { error: String(error), path: filePath },
      "background WAL checkpoint thread failed to start; the connection checkpoints at commit",
    );
    return null;
  }
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);

  let stopped = false;
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => resolve());
  });
  worker.once("error", (error: unknown) => {
    if (stopped) return;
    if (db.open) {
      db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    }
    // Errors thrown on the thread can arrive as plain objects, not Errors.
    logger.warn(
      { error: error instanceof Error ? error.message : error, path: filePath },
      "background WAL checkpoint thread failed; the connection checkpoints at commit again",
    );
  });

  return {
    async stop() {
      stopped = true;
      // An unreferenced thread would let the process exit before this resolves.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
