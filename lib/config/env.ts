// Store settings read from the environment and validated with zod. Other
// parts of the portal keep their settings in their own files; this one only
// reads the variables below.

import { z } from "zod";

import { ConfigError } from "./errors";

export { ConfigError } from "./errors";

export const DEFAULT_SQLITE_PATH = "./data/nexorasim.db";
export const DEFAULT_COSMOS_DATABASE = "nexorasim";

export interface SqliteStoreConfig {
  kind: "sqlite";
  path: string;
  /** 32 bytes, or null to use (and create) the local key file beside the database. */
  encryptionKey: Buffer | null;
}

export interface CosmosStoreConfig {
  kind: "cosmos";
  endpoint: string;
  databaseId: string;
  auth: { kind: "key"; key: string } | { kind: "managed-identity" };
  encryptionKey: Buffer;
}

export type StoreConfig = SqliteStoreConfig | CosmosStoreConfig;

const EXPECTED = {
  STORE: '"sqlite" or "cosmos"',
  SQLITE_PATH: "a file path such as ./data/nexorasim.db",
  COSMOS_ENDPOINT:
    "an https URL such as https://ACCOUNT.documents.azure.com:443/",
  COSMOS_KEY: "the account key (base64)",
  COSMOS_USE_MANAGED_IDENTITY: '"true" or "false"',
  COSMOS_DATABASE: "a database id of 1 to 255 characters without / \\ ? #",
  DATA_ENCRYPTION_KEY: "32 random bytes in base64 (openssl rand -base64 32)",
} as const;

type Variable = keyof typeof EXPECTED;

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const schema = z.object({
  STORE: optionalText.pipe(z.enum(["sqlite", "cosmos"]).default("sqlite")),
  SQLITE_PATH: optionalText.pipe(z.string().default(DEFAULT_SQLITE_PATH)),
  COSMOS_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https$/ }).optional()),
  COSMOS_KEY: optionalText,
  COSMOS_USE_MANAGED_IDENTITY: optionalText.pipe(
    z.enum(["true", "false"]).default("false"),
  ),
  COSMOS_DATABASE: optionalText.pipe(
    z
      .string()
      .max(255)
      .regex(/^[^/\\?#]+$/)
      .default(DEFAULT_COSMOS_DATABASE),
  ),
  DATA_ENCRYPTION_KEY: optionalText,
});

function parseEncryptionKey(value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    throw new ConfigError(
      "DATA_ENCRYPTION_KEY",
      EXPECTED.DATA_ENCRYPTION_KEY,
      "not base64",
    );
  }
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) {
    throw new ConfigError(
      "DATA_ENCRYPTION_KEY",
      EXPECTED.DATA_ENCRYPTION_KEY,
      `${key.length} bytes long`,
    );
  }
  return key;
}

/**
 * Reads the store settings from `env` (default `process.env`).
 *
 * @throws ConfigError naming the first variable that is missing or invalid
 * @example const config = loadStoreConfig({ STORE: "sqlite" });
 */
export function loadStoreConfig(
  env: Record<string, string | undefined> = process.env,
): StoreConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "STORE") as Variable;
    throw new ConfigError(variable, EXPECTED[variable] ?? "a valid value");
  }
  const values = parsed.data;
  const encryptionKey = parseEncryptionKey(values.DATA_ENCRYPTION_KEY);

  if (values.STORE === "sqlite") {
    return { kind: "sqlite", path: values.SQLITE_PATH, encryptionKey };
  }

  if (!values.COSMOS_ENDPOINT) {
    throw new ConfigError(
      "COSMOS_ENDPOINT",
      EXPECTED.COSMOS_ENDPOINT,
      "missing while STORE=cosmos",
    );
  }
  const useManagedIdentity = values.COSMOS_USE_MANAGED_IDENTITY === "true";
  if (useManagedIdentity && values.COSMOS_KEY) {
    throw new ConfigError(
      "COSMOS_KEY",
      "no key when COSMOS_USE_MANAGED_IDENTITY=true",
      "set together with managed identity",
    );
  }
  if (!useManagedIdentity && !values.COSMOS_KEY) {
    throw new ConfigError(
      "COSMOS_KEY",
      `${EXPECTED.COSMOS_KEY}, or COSMOS_USE_MANAGED_IDENTITY=true`,
      "missing while STORE=cosmos",
    );
  }
  // Replicas share one Cosmos account, so a per-machine generated key would
  // make activation codes written by one replica unreadable by another.
  if (!encryptionKey) {
    throw new ConfigError(
      "DATA_ENCRYPTION_KEY",
      EXPECTED.DATA_ENCRYPTION_KEY,
      "missing while STORE=cosmos",
    );
  }

  return {
    kind: "cosmos",
    endpoint: values.COSMOS_ENDPOINT,
    databaseId: values.COSMOS_DATABASE,
    auth: useManagedIdentity
      ? { kind: "managed-identity" }
      : { kind: "key", key: values.COSMOS_KEY as string },
    encryptionKey,
  };
}
