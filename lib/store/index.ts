// Entry point of the store: `getStore()` for the application, the two
// adapter factories for tests, tools and the worker.

import { loadStoreConfig, type StoreConfig } from "@/lib/config/env";

import type { CosmosStoreOptions } from "./cosmos/options";
import type { Store } from "./repositories";
import { createSqliteStore } from "./sqlite/store";

export * from "./errors";
export type * from "./repositories";
export type * from "./types";
export { LATENCY_BUCKETS_MS } from "./types";
export type { CosmosStoreOptions } from "./cosmos/options";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite/store";

/**
 * Connects to Azure Cosmos DB (or the local test server) and creates the
 * database and containers when missing. Loaded on demand, so the SQLite
 * default never loads the Cosmos SDK.
 */
export async function createCosmosStore(
  options: CosmosStoreOptions,
): Promise<Store> {
  const { openCosmosStore } = await import("./cosmos/store");
  return openCosmosStore(options);
}

export async function createStoreFromConfig(
  config: StoreConfig,
): Promise<Store> {
  if (config.kind === "sqlite") {
    return createSqliteStore({
      path: config.path,
      encryptionKey: config.encryptionKey,
    });
  }
  return createCosmosStore({
    endpoint: config.endpoint,
    databaseId: config.databaseId,
    encryptionKey: config.encryptionKey,
    ...(config.auth.kind === "key"
      ? { key: config.auth.key }
      : { credential: "default-azure-credential" as const }),
  });
}

let shared: Promise<Store> | null = null;

/**
 * Returns the process-wide store built from the validated environment
 * (SQLite under ./data/ unless STORE=cosmos). The first call opens it.
 *
 * @throws ConfigError when a store setting is missing or invalid
 */
export function getStore(): Promise<Store> {
  if (!shared) {
    const opening = createStoreFromConfig(loadStoreConfig(process.env));
    shared = opening;
    // A failed open is not cached, so the next call retries.
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
  }
  return shared;
}

/** Closes the process-wide store, for graceful shutdown and tests. */
export async function closeStore(): Promise<void> {
  const current = shared;
  shared = null;
  if (current) await (await current).close();
}
