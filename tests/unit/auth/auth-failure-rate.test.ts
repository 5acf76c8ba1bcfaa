import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { computeAuthFailureRate } from "@/lib/metrics/auth-failure-rate";
import { createSqliteStore, type Store } from "@/lib/store";

let dir: string;
let store: Store;
const RANGE = {
  from: "2026-12-04T00:00:00.000Z",
  to: "2026-12-05T00:00:00.000Z",
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "auth-rate-"));
  store = await createSqliteStore({
    path: path.join(dir, "audit.db"),
    encryptionKey: null,
  });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function appendSignIn(
  time: string,
  outcome: "success" | "failure",
  reason: string | null = null,
  action = "auth.sign-in",
) {
  await store.audit.append({
    organizationId: "contoso-fleet",
    time,
    actor: { oid: "user-1", name: "User", roles: [] },
    sourceIp: "127.0.0.1",
    userAgent: null,
    action,
    target: null,
    outcome,
    reason,
    correlationId: null,
  });
}

describe("computeAuthFailureRate", () => {
  test("no attempts gives null rate", async () => {
    const result = await computeAuthFailureRate(
      store.audit,
      "contoso-fleet",
      RANGE,
    );

    expect(result.rate).toBeNull();
    expect(result.alert).toBe("none");
  });

  test("rate above ten percent alerts", async () => {
    for (let index = 0; index < 8; index += 1) {
      await appendSignIn(`2026-12-04T10:00:0${index}.000Z`, "success");
    }
    await appendSignIn("2026-12-04T11:00:00.000Z", "failure", "token_expired");
    await appendSignIn("2026-12-04T11:00:01.000Z", "failure", "no_roles");

    const result = await computeAuthFailureRate(
      store.audit,
      "contoso-fleet",
      RANGE,
    );

    expect(result.attempts).toBe(10);
    expect(result.failures).toBe(2);
    expect(result.rate).toBeCloseTo(0.2);
    expect(result.alert).toBe("high");
    expect(result.failuresByReason).toEqual({ token_expired: 1, no_roles: 1 });
  });

  test("exactly ten percent does not alert", async () => {
    for (let index = 0; index < 9; index += 1) {
      await appendSignIn(`2026-12-04T10:00:0${index}.000Z`, "success");
    }
    await appendSignIn("2026-12-04T11:00:00.000Z", "failure", "bad_signature");

    const result = await computeAuthFailureRate(
      store.audit,
      "contoso-fleet",
      RANGE,
    );

    expect(result.rate).toBeCloseTo(0.1);
    expect(result.alert).toBe("none");
  });

  test("entries outside range are ignored", async () => {
    await appendSignIn("2026-12-03T23:59:59.000Z", "failure", "token_expired");
    await appendSignIn("2026-12-05T00:00:00.000Z", "failure", "token_expired");
    await appendSignIn("2026-12-04T12:00:00.000Z", "success");

    const result = await computeAuthFailureRate(
      store.audit,
      "contoso-fleet",
      RANGE,
    );

    expect(result.attempts).toBe(1);
    expect(result.failures).toBe(0);
  });

  test("other actions are not attempts", async () => {
    await appendSignIn("2026-12-04T12:00:00.000Z", "success");
    await appendSignIn(
      "2026-12-04T12:00:01.000Z",
      "failure",
      "no_session",
      "auth.denied",
    );

    const result = await computeAuthFailureRate(
      store.audit,
      "contoso-fleet",
      RANGE,
    );

    expect(result.attempts).toBe(1);
  });
});
