import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createSqliteStore } from "@/lib/store";

import { describeStoreContract, failBefore } from "./contract";

describeStoreContract("sqlite", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nexorasim-store-"));
  const file = path.join(dir, "store.db");
  const key = Buffer.alloc(32, 1);

  return {
    async open(options = {}) {
      return createSqliteStore({
        path: file,
        encryptionKey: key,
        testHooks: failBefore(options.failBeforeCommitStep),
      });
    },
    async tamperAuditAction(organizationId, sequence, action) {
      // Someone with write access to the file can drop the append-only
      // triggers; verification must still notice the change.
      const db = new Database(file);
      try {
        db.exec("DROP TRIGGER audit_entries_no_update");
        db.prepare(
          "UPDATE audit_entries SET action = ? WHERE organization_id = ? AND sequence = ?",
        ).run(action, organizationId, sequence);
      } finally {
        db.close();
      }
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
