import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { submitProvision } from "@/lib/operations/submit-provision";
import type { WorkerHandle } from "@/lib/operations/worker";
import { createSqliteStore } from "@/lib/store";

import {
  ADMIN_CONTEXT,
  createOperationsEnvironment,
  newIdempotencyKey,
  ORGANIZATION_ID,
  startTestWorker,
  waitFor,
  waitForOperationEnd,
  type OperationsEnvironment,
} from "./operations-fixture";

const WORKER_MAIN = path.resolve(
  import.meta.dirname,
  "../../../tools/worker/main.ts",
);

describe("worker recovery and concurrency", () => {
  let environment: OperationsEnvironment | null = null;
  const workers: WorkerHandle[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await environment?.close();
    environment = null;
  });

  it("killed worker resumed without second order", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 10_000 });
    const { store, registry, simulator } = environment;
    // The SM-DP+ executes the order, then never answers.
    simulator.injectFault({
      fault: { kind: "hold" },
      function: "downloadOrder",
    });
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
      },
    );

    const child = spawn(process.execPath, ["--import", "tsx", WORKER_MAIN], {
      cwd: path.resolve(import.meta.dirname, "../../.."),
      env: {
        ...process.env,
        STORE: "sqlite",
        SQLITE_PATH: environment.storePath,
        CARRIERS_FILE: environment.carriersFile,
        WORKER_LEASE_MS: "1500",
        WORKER_POLL_INTERVAL_MS: "20",
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => {
      child.once("exit", (_code, signal) => resolve(signal));
    });
    await waitFor(
      () => (simulator.executions.downloadOrder === 1 ? true : undefined),
      "the child worker's DownloadOrder to execute",
      60_000,
    );
    child.kill("SIGKILL");
    const signal = await exited;
    const abandoned = await store.operations.get(ORGANIZATION_ID, operation.id);
    simulator.clearFaults();

    workers.push(startTestWorker(environment));
    const done = await waitForOperationEnd(store, operation.id);
    const downloadCalls = simulator.callLog.filter(
      (entry) => entry.function === "downloadOrder",
    );

    expect(signal).toBe("SIGKILL");
    expect(abandoned?.steps[0]?.state).toBe("running");
    expect(done.state).toBe("succeeded");
    expect(done.steps[0]?.attempts).toBe(2);
    expect(simulator.ordersExecuted()).toBe(1);
    expect(downloadCalls.map((entry) => entry.handling)).toEqual([
      "executed",
      "replayed",
    ]);
  });

  it("abandoned lease recovered after expiry", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry, simulator } = environment;
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
      },
    );
    const claimed = await store.operations.claimDue({
      now: new Date().toISOString(),
      owner: "vanished-worker",
      leaseMs: 300,
      limit: 10,
    });

    workers.push(startTestWorker(environment));
    const done = await waitForOperationEnd(store, operation.id);

    expect(claimed.map((entry) => entry.id)).toEqual([operation.id]);
    expect(done.state).toBe("succeeded");
    expect(simulator.ordersExecuted()).toBe(1);
  });

  it("step interrupted too often fails", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry, simulator } = environment;
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
      },
    );
    // As left by three workers that each stopped during DownloadOrder.
    await store.operations.update(
      ORGANIZATION_ID,
      operation.id,
      {
        state: "running",
        steps: operation.steps.map((step, index) =>
          index === 0 ? { ...step, state: "running", attempts: 3 } : step,
        ),
      },
      { ifVersion: operation.version ?? "" },
    );

    workers.push(startTestWorker(environment));
    const done = await waitForOperationEnd(store, operation.id);

    expect(done.state).toBe("failed");
    expect(done.outcome?.message).toContain("interrupted 3 times");
    expect(simulator.callLog.length).toBe(0);
  });

  it("racing workers execute each step once", async () => {
    environment = await createOperationsEnvironment({
      simulator: { latency: { kind: "fixed", ms: 20 } },
    });
    const { store, registry, simulator } = environment;
    const secondStore = createSqliteStore({ path: environment.storePath });
    workers.push(
      startTestWorker(environment, { owner: "racer-1", concurrency: 3 }),
    );
    workers.push(
      startTestWorker(
        { store: secondStore, registry },
        { owner: "racer-2", concurrency: 3 },
      ),
    );

    const submitted = [];
    for (let index = 0; index < 8; index += 1) {
      const { operation } = await submitProvision(
        { store, registry },
        ADMIN_CONTEXT,
        {
          idempotencyKey: newIdempotencyKey(),
          carrierId: "test",
          profileType: "consumer",
        },
      );
      submitted.push(operation.id);
    }
    const done = await Promise.all(
      submitted.map((id) => waitForOperationEnd(store, id)),
    );
    const executedPerCall = new Map<string, number>();
    for (const entry of simulator.callLog) {
      if (
        entry.handling !== "executed" ||
        entry.functionCallIdentifier === null
      )
        continue;
      executedPerCall.set(
        entry.functionCallIdentifier,
        (executedPerCall.get(entry.functionCallIdentifier) ?? 0) + 1,
      );
    }
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await secondStore.close();

    expect(done.every((operation) => operation.state === "succeeded")).toBe(
      true,
    );
    expect(simulator.ordersExecuted()).toBe(8);
    expect(executedPerCall.size).toBe(16);
    expect([...executedPerCall.values()].every((count) => count === 1)).toBe(
      true,
    );
  });

  it("stopped worker releases its leases", async () => {
    environment = await createOperationsEnvironment({
      simulator: { latency: { kind: "fixed", ms: 150 } },
    });
    const { store, registry } = environment;
    const worker = startTestWorker(environment);
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
      },
    );
    await waitFor(async () => {
      const current = await store.operations.get(ORGANIZATION_ID, operation.id);
      return current?.steps[0]?.state === "running" ? true : undefined;
    }, "the first step to start");
    await worker.stop();
    const stopped = await store.operations.get(ORGANIZATION_ID, operation.id);

    expect(stopped?.lease).toBeNull();
    expect(stopped?.steps[0]?.state).toBe("succeeded");
    expect(stopped?.steps[1]?.state).toBe("pending");
  });
});
