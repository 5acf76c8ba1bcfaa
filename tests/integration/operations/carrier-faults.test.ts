import { afterEach, describe, expect, it } from "vitest";

import { submitProvision } from "@/lib/operations/submit-provision";
import type { WorkerHandle } from "@/lib/operations/worker";

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

describe("operations against a misbehaving carrier", () => {
  let environment: OperationsEnvironment | null = null;
  let worker: WorkerHandle | null = null;

  afterEach(async () => {
    await worker?.stop();
    await environment?.close();
    worker = null;
    environment = null;
  });

  async function provision(carrierId = "test") {
    environment ??= await createOperationsEnvironment({ timeoutMs: 500 });
    const { store, registry } = environment;
    worker ??= startTestWorker(environment);
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId,
        profileType: "consumer",
      },
    );
    return waitForOperationEnd(store, operation.id);
  }

  it("carrier down fails with diagnosis", async () => {
    const operation = await provision("down");
    const retries = await environment?.store.audit.list(ORGANIZATION_ID, {
      action: "operation.retry-scheduled",
      limit: 10,
    });
    const rollups = await environment?.store.rollups.query(ORGANIZATION_ID, {
      carrierId: "down",
      from: "2000-01-01T00:00:00.000Z",
      to: "2100-01-01T00:00:00.000Z",
    });

    expect(operation.state).toBe("failed");
    expect(operation.steps[0]?.attempts).toBe(3);
    expect(operation.steps[0]?.state).toBe("failed");
    expect(operation.outcome?.message).toContain("could not be reached");
    expect(operation.outcome?.message).toContain(
      "Next step: Check SM-DP+ connectivity",
    );
    expect(retries?.items.length).toBe(2);
    expect(rollups?.[0]?.failuresByReason).toEqual({ unreachable: 1 });
  });

  it("garbage answer is resent and succeeds", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 500 });
    environment.simulator.injectFault({
      fault: { kind: "html-500" },
      function: "downloadOrder",
    });
    const operation = await provision();
    const attempts = operation.steps[0]?.result?.attemptHistory as {
      outcome: string;
    }[];

    expect(operation.state).toBe("succeeded");
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([
      "protocol-error",
      "success",
    ]);
    expect(environment.simulator.ordersExecuted()).toBe(1);
  });

  it("garbage every time fails with diagnosis", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 500 });
    environment.simulator.injectFault({
      fault: { kind: "json-without-header" },
      function: "downloadOrder",
      times: 10,
    });
    const operation = await provision();

    expect(operation.state).toBe("failed");
    expect(operation.outcome?.message).toContain("not an ES2+ response");
    expect(environment.simulator.ordersExecuted()).toBe(0);
  });

  it("late answer resent with same identifier", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 300 });
    environment.simulator.injectFault({
      fault: { kind: "delay", ms: 1_000 },
      function: "downloadOrder",
    });
    const operation = await provision();
    const callIds = environment.simulator.callLog
      .filter((entry) => entry.function === "downloadOrder")
      .map((entry) => `${entry.functionCallIdentifier}:${entry.handling}`);

    expect(operation.state).toBe("succeeded");
    expect(environment.simulator.ordersExecuted()).toBe(1);
    expect(callIds).toEqual([
      `${operation.id}.DownloadOrder:executed`,
      `${operation.id}.DownloadOrder:replayed`,
    ]);
  });

  it("retryable rejection retried as new call", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 500 });
    environment.simulator.injectFault({
      fault: { kind: "status", subjectCode: "8.9", reasonCode: "5.1" },
      function: "confirmOrder",
    });
    const operation = await provision();
    const confirm = operation.steps[1];

    expect(operation.state).toBe("succeeded");
    expect(confirm?.attempts).toBe(2);
    expect(confirm?.functionCallIdentifier).toBe(
      `${operation.id}.ConfirmOrder.2`,
    );
  });

  it("permanent rejection fails at once", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 500 });
    environment.simulator.injectFault({
      fault: { kind: "status", subjectCode: "8.2.5", reasonCode: "3.9" },
      function: "downloadOrder",
    });
    const operation = await provision();

    expect(operation.state).toBe("failed");
    expect(operation.steps[0]?.attempts).toBe(1);
    expect(operation.outcome?.subjectCode).toBe("8.2.5");
    expect(operation.outcome?.message).toContain("8.2.5 / 3.9");
  });

  it("open circuit breaker defers retries", async () => {
    environment = await createOperationsEnvironment({ timeoutMs: 500 });
    const { store, registry } = environment;
    worker = startTestWorker(environment, {
      retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 10 },
      circuitBreaker: { failureThreshold: 1, openMs: 60_000 },
    });
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "down",
        profileType: "consumer",
      },
    );
    const deferred = await waitFor(async () => {
      const current = await store.operations.get(ORGANIZATION_ID, operation.id);
      const next = current?.nextAttemptAt;
      return next !== null &&
        next !== undefined &&
        Date.parse(next) - Date.now() > 30_000
        ? current
        : undefined;
    }, "the breaker to defer the retry");

    expect(deferred?.steps[0]?.attempts).toBe(1);
    expect(deferred?.state).toBe("waiting");
    expect(deferred?.lease).toBeNull();
  });
});
