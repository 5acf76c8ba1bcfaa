import { CosmosClient } from "@azure/cosmos";
import { randomUUID } from "node:crypto";

import { createCosmosStore } from "@/lib/store";

import { describeStoreContract, failBefore } from "./contract";
import { startCosmosTestServer, TEST_SERVER_KEY } from "./cosmos-test-server";

describeStoreContract("cosmos", async () => {
  const server = await startCosmosTestServer();
  const databaseId = `contract-${randomUUID()}`;
  const encryptionKey = Buffer.alloc(32, 2);
  const raw = new CosmosClient({
    endpoint: server.endpoint,
    key: TEST_SERVER_KEY,
    agent: server.agent,
  });

  return {
    async open(options = {}) {
      return createCosmosStore({
        endpoint: server.endpoint,
        key: TEST_SERVER_KEY,
        agent: server.agent,
        databaseId,
        encryptionKey,
        // Resume any commit marker at once: the crash tests read right after.
        recoverAfterMs: 0,
        testHooks: failBefore(options.failBeforeCommitStep),
      });
    },
    async tamperAuditAction(organizationId, sequence, action) {
      // Written with the SDK directly: the store has no update path.
      const item = raw
        .database(databaseId)
        .container("audit")
        .item(
          String(sequence).padStart(12, "0"),
          `${organizationId}:${Math.floor((sequence - 1) / 100_000)}`,
        );
      const { resource } = await item.read();
      await item.replace({ ...resource, action });
    },
    async dispose() {
      raw.dispose();
      await server.stop();
    },
  };
});
