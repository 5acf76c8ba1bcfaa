import { describe, expect, it } from "vitest";

import { ConfigError, loadStoreConfig } from "@/lib/config/env";

const KEY = Buffer.alloc(32, 5).toString("base64");

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadStoreConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadStoreConfig did not throw");
}

describe("loadStoreConfig", () => {
  it("defaults to SQLite under data", () => {
    expect(loadStoreConfig({})).toEqual({
      kind: "sqlite",
      path: "./data/nexorasim.db",
      encryptionKey: null,
    });
  });

  it("reads SQLITE_PATH", () => {
    const config = loadStoreConfig({ SQLITE_PATH: "/srv/portal.db" });
    expect(config).toMatchObject({ kind: "sqlite", path: "/srv/portal.db" });
  });

  it("unknown STORE names the variable", () => {
    const error = errorOf({ STORE: "postgres" });
    expect(error.variable).toBe("STORE");
    expect(error.message).toContain('"sqlite" or "cosmos"');
  });

  it("short encryption key rejected", () => {
    const error = errorOf({
      DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64"),
    });
    expect(error.variable).toBe("DATA_ENCRYPTION_KEY");
    expect(error.message).toContain("16 bytes");
  });

  it("non-base64 encryption key rejected", () => {
    expect(errorOf({ DATA_ENCRYPTION_KEY: "not base64!" }).variable).toBe(
      "DATA_ENCRYPTION_KEY",
    );
  });

  it("cosmos without endpoint rejected", () => {
    expect(errorOf({ STORE: "cosmos", COSMOS_KEY: "a2V5" }).variable).toBe(
      "COSMOS_ENDPOINT",
    );
  });

  it("cosmos http endpoint rejected", () => {
    expect(
      errorOf({ STORE: "cosmos", COSMOS_ENDPOINT: "http://localhost:8081" })
        .variable,
    ).toBe("COSMOS_ENDPOINT");
  });

  it("cosmos without key or identity rejected", () => {
    expect(
      errorOf({
        STORE: "cosmos",
        COSMOS_ENDPOINT: "https://localhost:8081",
        DATA_ENCRYPTION_KEY: KEY,
      }).variable,
    ).toBe("COSMOS_KEY");
  });

  it("cosmos key and identity together rejected", () => {
    expect(
      errorOf({
        STORE: "cosmos",
        COSMOS_ENDPOINT: "https://localhost:8081",
        COSMOS_KEY: "a2V5",
        COSMOS_USE_MANAGED_IDENTITY: "true",
        DATA_ENCRYPTION_KEY: KEY,
      }).variable,
    ).toBe("COSMOS_KEY");
  });

  it("cosmos requires encryption key", () => {
    expect(
      errorOf({
        STORE: "cosmos",
        COSMOS_ENDPOINT: "https://localhost:8081",
        COSMOS_KEY: "a2V5",
      }).variable,
    ).toBe("DATA_ENCRYPTION_KEY");
  });

  it("cosmos with managed identity", () => {
    const config = loadStoreConfig({
      STORE: "cosmos",
      COSMOS_ENDPOINT: "https://localhost:8081",
      COSMOS_USE_MANAGED_IDENTITY: "true",
      DATA_ENCRYPTION_KEY: KEY,
    });
    expect(config).toMatchObject({ auth: { kind: "managed-identity" } });
  });

  it("cosmos database defaults", () => {
    const config = loadStoreConfig({
      STORE: "cosmos",
      COSMOS_ENDPOINT: "https://localhost:8081",
      COSMOS_KEY: "a2V5",
      DATA_ENCRYPTION_KEY: KEY,
    });
    expect(config).toMatchObject({ kind: "cosmos", databaseId: "nexorasim" });
  });

  it("managed identity flag must be boolean", () => {
    expect(errorOf({ COSMOS_USE_MANAGED_IDENTITY: "yes" }).variable).toBe(
      "COSMOS_USE_MANAGED_IDENTITY",
    );
  });
});
