import type { CosmosClientOptions } from "@azure/cosmos";
import type { Agent } from "node:https";

type TokenCredential = NonNullable<CosmosClientOptions["aadCredentials"]>;

export interface CosmosStoreOptions {
  /** Account endpoint, for example https://ACCOUNT.documents.azure.com:443/ */
  endpoint: string;
  /** Account key; give this or `credential`. */
  key?: string;
  /**
   * Microsoft Entra credential, or "default-azure-credential" for
   * `DefaultAzureCredential` from @azure/identity (managed identity in Azure).
   */
  credential?: TokenCredential | "default-azure-credential";
  databaseId: string;
  /** 32-byte AES key for activation codes at rest. */
  encryptionKey: Buffer;
  /** HTTPS agent, for example one trusting a local test CA. */
  agent?: Agent;
  /**
   * Age in milliseconds after which a reader completes a commit it finds
   * unfinished; younger commits are left to their writer. Default 30 000.
   */
  recoverAfterMs?: number;
  /**
   * Test-only fault injection, as in the SQLite adapter; here the hook may
   * also return a promise, to interleave another client's write.
   */
  testHooks?: { beforeCommitStep?: (step: string) => void | Promise<void> };
}
