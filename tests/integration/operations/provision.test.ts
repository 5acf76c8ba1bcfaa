import { afterEach, describe, expect, it } from "vitest";

import { submitProvision } from "@/lib/operations/submit-provision";
import type { WorkerHandle } from "@/lib/operations/worker";

import {
  ADMIN_CONTEXT,
  createOperationsEnvironment,
  newIdempotencyKey,
  ORGANIZATION_ID,
  startTestWorker,
  TEST_EID,
  waitFor,
  waitForOperationEnd,
  type OperationsEnvironment,
} from "./operations-fixture";

describe("provision operation", () => {
  let environment: OperationsEnvironment | null = null;
  let worker: WorkerHandle | null = null;

  afterEach(async () => {
    await worker?.stop();
    await environment?.close();
    worker = null;
    environment = null;
  });

  it("provision reaches Released end to end", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry, simulator } = environment;
    worker = startTestWorker(environment);

    const { operation: submitted } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        eid: TEST_EID,
        deviceName: "Laptop 42",
        owner: "Grace Hopper",
        ownerEmail: "grace@example.com",
        group: "Engineering",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const iccid = operation.iccid ?? "";
    const profile = await store.profiles.get(ORGANIZATION_ID, iccid);
    const audit = await store.audit.verify(ORGANIZATION_ID);
    const rollups = await store.rollups.query(ORGANIZATION_ID, {
      from: "2000-01-01T00:00:00.000Z",
      to: "2100-01-01T00:00:00.000Z",
    });

    expect(operation.state).toBe("succeeded");
    expect(operation.steps.map((step) => step.state)).toEqual([
      "succeeded",
      "succeeded",
      "skipped",
    ]);
    expect(operation.steps[0]?.functionCallIdentifier).toBe(
      `${operation.id}.DownloadOrder`,
    );
    expect(operation.input.confirmationCode).toBeNull();
    expect(profile?.smdpState).toBe("Released");
    expect(profile?.portalStatus).toBe("Active");
    expect(profile?.eid).toBe(TEST_EID);
    expect(profile?.deviceName).toBe("Laptop 42");
    expect(profile?.activationCode).toMatch(/^1\$localhost\$[^$]+$/);
    expect(simulator.profile(iccid)?.state).toBe("Released");
    expect(simulator.ordersExecuted()).toBe(1);
    expect(audit.ok).toBe(true);
    expect(rollups[0]?.successes).toBe(1);
  });

  it("provision with confirmation code sets flag", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry } = environment;
    worker = startTestWorker(environment);

    const { operation: submitted } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        confirmationCode: "4711",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const profile = await store.profiles.get(
      ORGANIZATION_ID,
      operation.iccid ?? "",
    );
    const entries = await store.audit.list(ORGANIZATION_ID, { limit: 100 });

    expect(operation.state).toBe("succeeded");
    expect(profile?.confirmationCodeRequired).toBe(true);
    expect(profile?.activationCode).toMatch(/\$\$1$/);
    expect(JSON.stringify(entries.items)).not.toContain("4711");
  });

  it("two-step carrier calls ReleaseProfile", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry, simulator } = environment;
    worker = startTestWorker(environment);

    const { operation: submitted } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test-two-step",
        profileType: "consumer",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const profile = await store.profiles.get(
      ORGANIZATION_ID,
      operation.iccid ?? "",
    );

    expect(operation.steps.map((step) => step.state)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    expect(simulator.executions.releaseProfile).toBe(1);
    expect(profile?.smdpState).toBe("Released");
  });

  it("device notifications reach Installed", async () => {
    environment = await createOperationsEnvironment({
      simulator: {
        device: {
          outcome: "install",
          delaysMs: { eligibility: 0, download: 0, installation: 0 },
        },
      },
    });
    const { store, registry } = environment;
    worker = startTestWorker(environment);

    const { operation: submitted } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        eid: TEST_EID,
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const iccid = operation.iccid ?? "";
    const installed = await waitFor(async () => {
      const profile = await store.profiles.get(ORGANIZATION_ID, iccid);
      return profile?.smdpState === "Installed" ? profile : undefined;
    }, "the profile to be Installed");
    const notifications = await store.notifications.listByIccid(
      ORGANIZATION_ID,
      iccid,
    );
    const applied = await store.audit.list(ORGANIZATION_ID, {
      action: "profile.download-progress.applied",
      limit: 10,
    });

    expect(installed.smdpState).toBe("Installed");
    expect(notifications.map((entry) => entry.notificationPointId)).toEqual([
      "1",
      "3",
      "4",
    ]);
    expect(applied.items.length).toBe(2);
    expect(applied.items[0]?.actor.oid).toBe("carrier:test");
  });
  it("ordered ICCID already active fails", async () => {
    environment = await createOperationsEnvironment();
    const { store, registry, simulator } = environment;
    const [reserved] = simulator.profiles({ profileType: "single" });
    const iccid = reserved?.iccid ?? "";
    const now = new Date().toISOString();
    await store.profiles.create({
      organizationId: ORGANIZATION_ID,
      iccid,
      eid: null,
      carrierId: "test",
      profileType: "single",
      smdpState: "Installed",
      portalStatus: "Active",
      matchingId: null,
      activationCode: null,
      confirmationCodeRequired: false,
      deviceName: "Existing device",
      imei: null,
      owner: null,
      ownerEmail: null,
      group: null,
      createdAt: now,
      updatedAt: now,
    });
    const before = await store.profiles.get(ORGANIZATION_ID, iccid);
    worker = startTestWorker(environment);

    const { operation: submitted } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "single",
        deviceName: "New device",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const after = await store.profiles.get(ORGANIZATION_ID, iccid);

    expect(operation.state).toBe("failed");
    expect(operation.outcome?.message).toContain("already an active profile");
    expect(operation.steps[1]?.state).toBe("pending");
    expect(after).toEqual(before);
    expect(simulator.executions.confirmOrder).toBe(0);
  });
});
