import { describe, expect, it } from "vitest";

import {
  buildAuditEntry,
  GENESIS_HASH,
  verifyAuditChain,
} from "@/lib/audit/chain";
import type { AuditEntry, AuditEntryInput } from "@/lib/store";

function input(action: string): AuditEntryInput {
  return {
    organizationId: "org-1",
    time: "2026-03-01T10:00:00.000Z",
    actor: { oid: "user-1", name: "Ada Admin", roles: ["Portal.Admin"] },
    sourceIp: "127.0.0.1",
    userAgent: "vitest",
    action,
    target: null,
    outcome: "success",
    correlationId: null,
  };
}

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i += 1) {
    entries.push(buildAuditEntry(input(`test.e${i}`), entries[i - 1] ?? null));
  }
  return entries;
}

describe("audit chain", () => {
  it("first entry links to genesis", () => {
    expect(chain(1)[0]?.previousHash).toBe(GENESIS_HASH);
  });

  it("genesis hash is 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
  });

  it("hash is SHA-256 hex", () => {
    expect(chain(1)[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("entries link to previous hash", () => {
    const entries = chain(3);
    expect(entries[2]?.previousHash).toBe(entries[1]?.hash);
  });

  it("intact chain verifies", () => {
    const result = verifyAuditChain(chain(5));
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(5);
  });

  it("empty chain verifies", () => {
    expect(verifyAuditChain([]).ok).toBe(true);
  });

  it("altered field reported as hash mismatch", () => {
    const entries = chain(4);
    entries[2] = { ...(entries[2] as AuditEntry), action: "test.forged" };
    const result = verifyAuditChain(entries);
    expect(result.firstBroken?.sequence).toBe(3);
    expect(result.firstBroken?.reason).toBe("hash-mismatch");
  });

  it("rehashed entry breaks next link", () => {
    const entries = chain(4);
    const forged = buildAuditEntry(input("test.forged"), entries[1] ?? null);
    entries[2] = forged;
    const result = verifyAuditChain(entries);
    expect(result.firstBroken?.sequence).toBe(4);
    expect(result.firstBroken?.reason).toBe("previous-hash-mismatch");
  });

  it("removed entry reported missing", () => {
    const entries = chain(5);
    entries.splice(1, 1);
    const result = verifyAuditChain(entries);
    expect(result.firstBroken?.sequence).toBe(2);
    expect(result.firstBroken?.reason).toBe("missing");
  });

  it("repeated entry reported out of order", () => {
    const entries = chain(3);
    entries.push(entries[1] as AuditEntry);
    const result = verifyAuditChain(entries);
    expect(result.firstBroken?.reason).toBe("sequence-out-of-order");
  });

  it("optional fields hash as null", () => {
    const withoutOptional = buildAuditEntry(input("test.a"), null);
    const withNulls = buildAuditEntry(
      {
        ...input("test.a"),
        reason: null,
        before: null,
        after: null,
        statusCodes: null,
      },
      null,
    );
    expect(withNulls.hash).toBe(withoutOptional.hash);
  });

  it("JSON round trip keeps hash valid", () => {
    const entries = chain(3).map(
      (entry) => JSON.parse(JSON.stringify(entry)) as AuditEntry,
    );
    expect(verifyAuditChain(entries).ok).toBe(true);
  });
});
