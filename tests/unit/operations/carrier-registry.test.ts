import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import {
  CarrierConfigError,
  createCarrierRegistry,
  loadCarrierRegistry,
} from "@/lib/smdp/carrier-registry";

const FILE = "/srv/portal/config/carriers.json";

function carrier(overrides: Record<string, unknown> = {}) {
  return {
    id: "carrier-a",
    name: "Northwind Mobile",
    es2BaseUrl: "https://localhost:9441/es2",
    functionRequesterIdentifier: "nexorasim-portal",
    defaultSmdpAddress: "smdp.northwind.localhost",
    certificates: {
      ca: "certs/ca.crt",
      clientCert: "certs/client.crt",
      clientKey: "certs/client.key",
    },
    profileTypes: ["consumer"],
    notificationCaller: { commonName: "carrier-carrier-a" },
    ...overrides,
  };
}

function configError(raw: unknown): CarrierConfigError {
  try {
    createCarrierRegistry(raw, FILE);
  } catch (error) {
    if (error instanceof CarrierConfigError) return error;
    throw error;
  }
  throw new Error("expected a CarrierConfigError");
}

describe("carrier registry", () => {
  it("timeout defaults to ten seconds", () => {
    const registry = createCarrierRegistry({ carriers: [carrier()] }, FILE);
    expect(registry.require("carrier-a").timeoutMs).toBe(10_000);
  });

  it("timeout above thirty seconds rejected", () => {
    const error = configError({ carriers: [carrier({ timeoutMs: 45_000 })] });
    expect(error.field).toBe("timeoutMs");
  });

  it("error names file carrier and field", () => {
    const error = configError({
      carriers: [carrier({ es2BaseUrl: "http://plain.example" })],
    });
    expect(error.message).toContain(FILE);
    expect(error.carrierId).toBe("carrier-a");
    expect(error.field).toBe("es2BaseUrl");
  });

  it("missing notification identity rejected", () => {
    const error = configError({
      carriers: [carrier({ notificationCaller: {} })],
    });
    expect(error.field).toBe("notificationCaller");
  });

  it("duplicate carrier id rejected", () => {
    const error = configError({ carriers: [carrier(), carrier()] });
    expect(error.field).toBe("id");
  });

  it("relative certificate paths resolved", () => {
    const registry = createCarrierRegistry({ carriers: [carrier()] }, FILE);
    expect(registry.require("carrier-a").certificates.ca).toBe(
      "/srv/portal/config/certs/ca.crt",
    );
  });

  it("unknown carrier raises typed error", () => {
    const registry = createCarrierRegistry({ carriers: [carrier()] }, FILE);
    expect(() => registry.require("carrier-z")).toThrow(/carrier-a/);
  });

  it("missing certificate names field", () => {
    const registry = createCarrierRegistry({ carriers: [carrier()] }, FILE);
    expect(() => registry.connection("carrier-a")).toThrow(/certificates\.ca/);
  });

  it("caller matched by fingerprint", () => {
    const fingerprint = "AB".repeat(32);
    const registry = createCarrierRegistry(
      {
        carriers: [
          carrier({
            notificationCaller: { fingerprint256: fingerprint.toLowerCase() },
          }),
        ],
      },
      FILE,
    );
    const match = registry.findNotificationCaller({
      commonName: null,
      fingerprint256: fingerprint.match(/.{2}/g)?.join(":") ?? "",
    });
    expect(match?.id).toBe("carrier-a");
  });

  it("caller with other name unmatched", () => {
    const registry = createCarrierRegistry({ carriers: [carrier()] }, FILE);
    expect(
      registry.findNotificationCaller({
        commonName: "someone",
        fingerprint256: null,
      }),
    ).toBeNull();
  });

  it("file that is not JSON rejected", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-registry-"));
    const file = path.join(dir, "carriers.json");
    writeFileSync(file, "{ not json");
    expect(() => loadCarrierRegistry(file)).toThrow(/not valid JSON/);
  });

  it("shipped example file is valid", () => {
    const registry = loadCarrierRegistry(
      path.resolve("config/carriers.example.json"),
    );
    expect(registry.carriers.length).toBe(1);
  });

  it("shipped local file has three carriers", () => {
    const registry = loadCarrierRegistry(
      path.resolve("config/carriers.local.json"),
    );
    expect(registry.carriers.map((entry) => entry.name)).toEqual([
      "Northwind Mobile",
      "Tailspin Telecom",
      "Litware Wireless",
    ]);
  });
});
