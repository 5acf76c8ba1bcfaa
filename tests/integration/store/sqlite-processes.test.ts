// Several processes on one SQLite file, as the portal and the worker run.

import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSqliteStore, type SqliteStoreOptions } from "@/lib/store";

import { testAuditInput, testOperation } from "./fixtures";

const run = promisify(execFile);
const WRITER = path.join(import.meta.dirname, "sqlite-writer-process.ts");
const TSX = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");

async function spawnWriter(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(TSX, [WRITER, ...args], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop() as string);
}

describe("sqlite across processes", () => {
  let dir: string;
  let options: SqliteStoreOptions;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "nexorasim-processes-"));
    options = {
      path: path.join(dir, "store.db"),
      encryptionKey: Buffer.alloc(32, 1),
    };
    // Migrate once, so the child processes do not race to create the schema.
    await createSqliteStore(options).close();
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("parallel process appends keep chain", async () => {
    await Promise.all([
      spawnWriter([options.path, "org-processes", "append", "40"]),
      spawnWriter([options.path, "org-processes", "append", "40"]),
    ]);
    const store = createSqliteStore(options);
    try {
      const result = await store.audit.verify("org-processes");
      expect(result.ok).toBe(true);
      expect(result.checked).toBe(80);
    } finally {
      await store.close();
    }
  });

  it("parallel process claims never overlap", async () => {
    const store = createSqliteStore(options);
    for (let n = 0; n < 30; n += 1) {
      await store.operations.create(
        testOperation("org-claims", `claim-${n}`, {
          nextAttemptAt: "2039-01-01T00:00:00.000Z",
        }),
      );
    }
    await store.close();

    const results = await Promise.all([
      spawnWriter([options.path, "org-claims", "claim", "worker-1", "6"]),
      spawnWriter([options.path, "org-claims", "claim", "worker-2", "6"]),
    ]);
    const claimed = results.flatMap((result) => result.claimed as string[]);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed).toHaveLength(30);
  });

  it("direct audit update raises", async () => {
    const store = createSqliteStore(options);
    await store.audit.append(testAuditInput("org-trigger", "test.trigger"));
    await store.close();
    const db = new Database(options.path);
    try {
      expect(() =>
        db
          .prepare(
            "UPDATE audit_entries SET action = 'x' WHERE organization_id = ?",
          )
          .run("org-trigger"),
      ).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it("direct audit delete raises", () => {
    const db = new Database(options.path);
    try {
      expect(() =>
        db
          .prepare("DELETE FROM audit_entries WHERE organization_id = ?")
          .run("org-trigger"),
      ).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
