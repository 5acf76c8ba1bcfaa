import { describe, expect, it } from "vitest";

import {
  parseWorkerSettings,
  WorkerSettingsError,
} from "@/lib/operations/worker-settings";

describe("parseWorkerSettings", () => {
  it("defaults to a worker in the portal", () => {
    const { inPortal, settings } = parseWorkerSettings({});

    expect(inPortal).toBe(true);
    expect(settings).toEqual({ retry: {} });
  });

  it("reads numbers and the switch", () => {
    const { inPortal, settings } = parseWorkerSettings({
      WORKER_IN_PORTAL: " FALSE ",
      WORKER_CONCURRENCY: "4",
      WORKER_LEASE_MS: "5000",
      WORKER_MAX_ATTEMPTS: "3",
      WORKER_OWNER: "replica-1",
    });

    expect(inPortal).toBe(false);
    expect(settings.concurrency).toBe(4);
    expect(settings.leaseMs).toBe(5000);
    expect(settings.retry?.maxAttempts).toBe(3);
    expect(settings.owner).toBe("replica-1");
  });

  it("rejects a malformed number naming it", () => {
    const parse = () => parseWorkerSettings({ WORKER_CONCURRENCY: "many" });

    expect(parse).toThrow(WorkerSettingsError);
    expect(parse).toThrow(/WORKER_CONCURRENCY/);
  });
});
