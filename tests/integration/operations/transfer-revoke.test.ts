import { afterEach, describe, expect, it } from "vitest";

import { submitProvision } from "@/lib/operations/submit-provision";
import { submitRevoke } from "@/lib/operations/submit-revoke";
import { submitTransfer } from "@/lib/operations/submit-transfer";
import type { WorkerHandle } from "@/lib/operations/worker";

import {
  ADMIN_CONTEXT,
  createOperationsEnvironment,
  newIdempotencyKey,
  ORGANIZATION_ID,
  OTHER_EID,
  startTestWorker,
  TEST_EID,
  waitFor,
  waitForOperationEnd,
  type EnvironmentOptions,
  type OperationsEnvironment,
} from "./operations-fixture";

const INSTALLING_DEVICE: EnvironmentOptions = {
  simulator: {
    device: {
      outcome: "install",
      delaysMs: { eligibility: 0, download: 0, installation: 0 },
    },
  },
};

describe("transfer and revoke operations", () => {
  let environment: OperationsEnvironment | null = null;
  let worker: WorkerHandle | null = null;

  afterEach(async () => {
    await worker?.stop();
    await environment?.close();
    worker = null;
    environment = null;
  });

  async function provisioned(
    options: EnvironmentOptions = {},
    waitInstalled = false,
  ) {
    environment = await createOperationsEnvironment(options);
    const { store, registry } = environment;
    worker = startTestWorker(environment);
    const { operation } = await submitProvision(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        eid: TEST_EID,
        deviceName: "Phone A",
      },
    );
    const done = await waitForOperationEnd(store, operation.id);
    const iccid = done.iccid ?? "";
    if (waitInstalled) {
      await waitFor(async () => {
        const profile = await store.profiles.get(ORGANIZATION_ID, iccid);
        return profile?.smdpState === "Installed" ? profile : undefined;
      }, "the profile to be Installed");
    }
    return { environment, iccid };
  }

  it("transfer before download cancels order", async () => {
    const { environment: env, iccid } = await provisioned();
    const { store, registry, simulator } = env;

    const { operation: submitted } = await submitTransfer(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid,
        newEid: OTHER_EID,
        reason: "Device replaced",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const newIccid = String(operation.steps[0]?.result?.iccid);
    const oldProfile = await store.profiles.get(ORGANIZATION_ID, iccid);
    const newProfile = await store.profiles.get(ORGANIZATION_ID, newIccid);

    expect(operation.state).toBe("succeeded");
    expect(operation.steps.map((step) => `${step.name}:${step.state}`)).toEqual(
      [
        "DownloadOrder:succeeded",
        "ConfirmOrder:succeeded",
        "ReleaseProfile:skipped",
        "CancelOldOrder:succeeded",
        "RetireOldProfile:skipped",
      ],
    );
    expect(oldProfile?.smdpState).toBe("Unavailable");
    expect(oldProfile?.portalStatus).toBe("Retired");
    expect(simulator.profile(iccid)?.state).toBe("Unavailable");
    expect(newProfile?.eid).toBe(OTHER_EID);
    expect(newProfile?.smdpState).toBe("Released");
    expect(newProfile?.deviceName).toBe("Phone A");
  });

  it("transfer after download retires old profile", async () => {
    const { environment: env, iccid } = await provisioned(
      INSTALLING_DEVICE,
      true,
    );
    const { store, registry, simulator } = env;
    simulator.updateDevice({ outcome: "silent" });

    const { operation: submitted } = await submitTransfer(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid,
        newEid: OTHER_EID,
        reason: "Device replaced",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const oldProfile = await store.profiles.get(ORGANIZATION_ID, iccid);
    const retire = operation.steps.find(
      (step) => step.name === "RetireOldProfile",
    );

    expect(operation.state).toBe("succeeded");
    expect(
      operation.steps.find((step) => step.name === "CancelOldOrder")?.state,
    ).toBe("skipped");
    expect(retire?.state).toBe("succeeded");
    expect(retire?.result?.needsRemovalFromOldDevice).toBe(true);
    expect(operation.outcome?.message).toContain(
      "needs removal from the old device",
    );
    expect(oldProfile?.portalStatus).toBe("Retired");
    expect(oldProfile?.smdpState).toBe("Installed");
    expect(simulator.executions.cancelOrder).toBe(0);
  });

  it("failed transfer restores old status", async () => {
    const { environment: env, iccid } = await provisioned();
    const { store, registry, simulator } = env;
    await worker?.stop();
    worker = null;

    const { operation: submitted } = await submitTransfer(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid,
        newEid: OTHER_EID,
        reason: "Device replaced",
      },
    );
    const during = await store.profiles.get(ORGANIZATION_ID, iccid);
    simulator.injectFault({
      fault: { kind: "status", subjectCode: "8.2.5", reasonCode: "3.9" },
      function: "downloadOrder",
    });
    worker = startTestWorker(env);
    const operation = await waitForOperationEnd(store, submitted.id);
    const after = await store.profiles.get(ORGANIZATION_ID, iccid);

    expect(during?.portalStatus).toBe("Transferring");
    expect(operation.state).toBe("failed");
    expect(operation.outcome?.message).toContain("device authentication");
    expect(after?.portalStatus).toBe("Active");
    expect(after?.smdpState).toBe("Released");
  });

  it("revoke cancels order with final status", async () => {
    const { environment: env, iccid } = await provisioned();
    const { store, registry, simulator } = env;

    const { operation: submitted } = await submitRevoke(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid,
        finalProfileStatusIndicator: "Available",
        reason: "Employee left",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const profile = await store.profiles.get(ORGANIZATION_ID, iccid);
    const revoked = await store.audit.list(ORGANIZATION_ID, {
      action: "profile.revoked",
      limit: 5,
    });

    expect(operation.state).toBe("succeeded");
    expect(profile?.portalStatus).toBe("Revoked");
    expect(profile?.smdpState).toBe("Available");
    expect(simulator.profile(iccid)?.state).toBe("Available");
    expect(revoked.items[0]?.reason).toBe("Employee left");
    expect(
      (revoked.items[0]?.before as { profile: unknown } | undefined)?.profile,
    ).toEqual({ smdpState: "Released", portalStatus: "Active" });
    expect(
      (revoked.items[0]?.after as { step: { state: string } } | undefined)?.step
        .state,
    ).toBe("succeeded");
  });

  it("revoke after download fails with diagnosis", async () => {
    const { environment: env, iccid } = await provisioned(
      INSTALLING_DEVICE,
      true,
    );
    const { store, registry, simulator } = env;

    const { operation: submitted } = await submitRevoke(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid,
        finalProfileStatusIndicator: "Unavailable",
        reason: "Lost device",
      },
    );
    const operation = await waitForOperationEnd(store, submitted.id);
    const failed = await store.operations.listFailed(ORGANIZATION_ID, {
      limit: 5,
    });

    expect(operation.state).toBe("failed");
    expect(operation.outcome?.subjectCode).toBe("8.2.1");
    expect(operation.outcome?.reasonCode).toBe("3.3");
    expect(operation.outcome?.message).toContain("already downloaded");
    expect(operation.steps[0]?.attempts).toBe(1);
    expect(failed.items[0]?.id).toBe(operation.id);
    expect(simulator.profile(iccid)?.state).toBe("Installed");
  });
});
