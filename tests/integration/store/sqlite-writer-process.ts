// Child process for the cross-process SQLite tests:
//   tsx sqlite-writer-process.ts FILE ORGANIZATION append COUNT
//   tsx sqlite-writer-process.ts FILE ORGANIZATION claim OWNER ROUNDS
// Prints one JSON line with what it did.

import { createSqliteStore } from "@/lib/store";

const [file, organizationId, mode, argument, rounds] = process.argv.slice(2);
if (!file || !organizationId || !mode || !argument) {
  throw new Error("usage: FILE ORGANIZATION append COUNT | claim OWNER ROUNDS");
}

const store = createSqliteStore({
  path: file,
  encryptionKey: Buffer.alloc(32, 1),
});

if (mode === "append") {
  for (let i = 0; i < Number(argument); i += 1) {
    await store.audit.append({
      organizationId,
      time: new Date().toISOString(),
      actor: { oid: `process-${process.pid}`, name: "Writer", roles: [] },
      sourceIp: null,
      userAgent: null,
      action: "test.cross-process",
      target: null,
      outcome: "success",
      correlationId: null,
    });
  }
  console.log(JSON.stringify({ appended: Number(argument) }));
} else {
  const claimed: string[] = [];
  for (let round = 0; round < Number(rounds ?? 1); round += 1) {
    const operations = await store.operations.claimDue({
      now: "2040-01-01T00:00:00.000Z",
      owner: argument,
      leaseMs: 3_600_000,
      limit: 3,
    });
    claimed.push(...operations.map((operation) => operation.id));
  }
  console.log(JSON.stringify({ claimed }));
}
await store.close();
