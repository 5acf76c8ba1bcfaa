// Cosmos-only commit paths: the undo after a profile conflict that appears
// between the precondition check and the profile write.

import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createCosmosStore,
  VersionConflictError,
  type Store,
} from "@/lib/store";

import {
  startCosmosTestServer,
  TEST_SERVER_KEY,
  type CosmosTestServer,
} from "./cosmos-test-server";
import { testAuditInput, testOperation, testProfile } from "./fixtures";

describe("cosmos commit undo", () => {
  let server: CosmosTestServer;
  let store: Store;
  let interloper: Store | null = null;
  const databaseId = `commit-${randomUUID()}`;
  const organizationId = "org-undo";
  const iccid = testProfile(organizationId, 1).iccid;

  const open = (hook?: (step: string) => Promise<void>) =>
    createCosmosStore({
      endpoint: server.endpoint,
      key: TEST_SERVER_KEY,
      agent: server.agent,
      databaseId,
      encryptionKey: Buffer.alloc(32, 2),
      recoverAfterMs: 0,
      testHooks: hook ? { beforeCommitStep: hook } : undefined,
    });

  beforeAll(async () => {
    server = await startCosmosTestServer();
    interloper = await open();
    store = await open(async (step) => {
      if (step !== "profile") return;
      // Another client changes the profile after the commit checked it.
      const current = await interloper?.profiles.get(organizationId, iccid);
      await interloper?.profiles.update(
        organizationId,
        iccid,
        { group: `changed-${step}-${Date.now()}` },
        { ifVersion: current?.version as string },
      );
    });
  });

  afterAll(async () => {
    await store?.close();
    await interloper?.close();
    await server?.stop();
  });

  it("profile conflict undoes created operation", async () => {
    const profile = await store.profiles.create(testProfile(organizationId, 1));
    await expect(
      store.commit({
        organizationId,
        operation: { create: testOperation(organizationId, "undo-1") },
        profile: {
          update: {
            iccid: profile.iccid,
            patch: { portalStatus: "Revoked" },
            ifVersion: profile.version as string,
          },
        },
        audit: [testAuditInput(organizationId, "profile.revoke")],
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(
      await store.operations.getByIdempotencyKey(organizationId, "undo-1"),
    ).toBeNull();
    expect(await store.audit.head(organizationId)).toBeNull();
    expect(
      (await store.profiles.get(organizationId, profile.iccid))?.portalStatus,
    ).toBe("Active");
  });

  it("profile conflict restores updated operation", async () => {
    const { operation } = await interloper!.operations.create(
      testOperation(organizationId, "undo-2"),
    );
    const profile = await interloper!.profiles.get(organizationId, iccid);
    await expect(
      store.commit({
        organizationId,
        operation: {
          update: {
            id: operation.id,
            patch: { state: "running" },
            ifVersion: operation.version as string,
          },
        },
        profile: {
          update: {
            iccid,
            patch: { portalStatus: "Transferring" },
            ifVersion: profile?.version as string,
          },
        },
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    const stored = await store.operations.get(organizationId, operation.id);
    expect(stored?.state).toBe("pending");
  });
});
