// Azure Cosmos DB adapter. Partition keys and their sizing are explained in
// containers.ts; multi-record commits in commit.ts; the audit chain in
// audit.ts.

import { CosmosClient, type CosmosClientOptions } from "@azure/cosmos";

import { ActivationCodeCipher } from "../activation-code-cipher";
import type { Store } from "../repositories";
import { CosmosAuditRepository } from "./audit";
import { CosmosCarrierRepository } from "./carriers";
import { CosmosCommitter } from "./commit";
import { ensureContainers } from "./containers";
import { cosmosCall } from "./cosmos-errors";
import { CosmosNotificationRepository } from "./notifications";
import { CosmosOperationRepository } from "./operations";
import type { CosmosStoreOptions } from "./options";
import { CosmosOrganizationRepository } from "./organizations";
import { CosmosProfileRepository } from "./profiles";
import { CosmosRateLimitRepository } from "./rate-limits";
import { CosmosRollupRepository } from "./rollups";

const DEFAULT_RECOVER_AFTER_MS = 30_000;

async function clientOptions(
  options: CosmosStoreOptions,
): Promise<CosmosClientOptions> {
  const base: CosmosClientOptions = {
    endpoint: options.endpoint,
    ...(options.agent ? { agent: options.agent } : {}),
  };
  if (options.key) return { ...base, key: options.key };
  if (options.credential === "default-azure-credential") {
    const { DefaultAzureCredential } = await import("@azure/identity");
    return { ...base, aadCredentials: new DefaultAzureCredential() };
  }
  if (options.credential)
    return { ...base, aadCredentials: options.credential };
  throw new RangeError(
    "Cosmos DB needs a key or a credential: set COSMOS_KEY or COSMOS_USE_MANAGED_IDENTITY=true.",
  );
}

export async function openCosmosStore(
  options: CosmosStoreOptions,
): Promise<Store> {
  const client = new CosmosClient(await clientOptions(options));
  const { database } = await cosmosCall(() =>
    client.databases.createIfNotExists({ id: options.databaseId }),
  );
  const containers = await cosmosCall(() => ensureContainers(database));
  const cipher = new ActivationCodeCipher(options.encryptionKey);

  // The repositories and the committer refer to each other: readers hand
  // stale commit markers to the committer, which writes through them.
  let committer: CosmosCommitter | null = null;
  const profiles = new CosmosProfileRepository(
    containers.profiles,
    cipher,
    async (document) => {
      await committer?.resolvePending({ kind: "profile", document });
    },
  );
  const operations = new CosmosOperationRepository(
    containers.operations,
    async (document) =>
      (await committer?.resolvePending({ kind: "operation", document })) ??
      false,
  );
  const audit = new CosmosAuditRepository(containers.audit);
  const rollups = new CosmosRollupRepository(containers.rollups);
  committer = new CosmosCommitter({
    operations,
    profiles,
    audit,
    rollups,
    recoverAfterMs: options.recoverAfterMs ?? DEFAULT_RECOVER_AFTER_MS,
    beforeCommitStep: async (step) => {
      await options.testHooks?.beforeCommitStep?.(step);
    },
  });
  const activeCommitter = committer;

  return {
    kind: "cosmos",
    organizations: new CosmosOrganizationRepository(containers.organizations),
    carriers: new CosmosCarrierRepository(containers.carriers),
    profiles,
    operations,
    audit,
    notifications: new CosmosNotificationRepository(containers.notifications),
    rollups,
    rateLimits: new CosmosRateLimitRepository(containers.rateLimits),
    commit: (request) => activeCommitter.commit(request),
    async close() {
      client.dispose();
    },
  };
}
