import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { reconcileStuckProfiles } from "@/lib/operations/reconcile";

import {
  createOperationsEnvironment,
  ORGANIZATION_ID,
  type OperationsEnvironment,
} from "./operations-fixture";

describe("stuck profile reconciliation", () => {
  let environment: OperationsEnvironment;
  const settings = {
    releasedAfterMs: 60 * 60 * 1000,
    downloadedAfterMs: 60 * 60 * 1000,
    limit: 50,
  };

  beforeAll(async () => {
    environment = await createOperationsEnvironment();
    const base = {
      organizationId: ORGANIZATION_ID,
      eid: null,
      carrierId: "test",
      profileType: "consumer",
      portalStatus: "Active" as const,
      matchingId: null,
      activationCode: null,
      confirmationCodeRequired: false,
      deviceName: null,
      imei: null,
      owner: null,
      ownerEmail: null,
      group: null,
    };
    const old = "2026-01-01T00:00:00.000Z";
    await environment.store.profiles.create({
      ...base,
      iccid: "8988211000000530082",
      smdpState: "Released",
      createdAt: old,
      updatedAt: old,
    });
    await environment.store.profiles.create({
      ...base,
      iccid: "8947010000123456784",
      smdpState: "Downloaded",
      createdAt: old,
      updatedAt: old,
    });
    await environment.store.profiles.create({
      ...base,
      iccid: "89882110000005300811",
      smdpState: "Released",
    });
  });

  afterAll(async () => {
    await environment.close();
  });

  it("stuck profiles flagged once", async () => {
    const first = await reconcileStuckProfiles(environment.store, settings);
    const second = await reconcileStuckProfiles(environment.store, settings);
    const failed = await environment.store.operations.listFailed(
      ORGANIZATION_ID,
      { limit: 10 },
    );
    const flagged = await environment.store.audit.list(ORGANIZATION_ID, {
      action: "profile.needs-attention",
      limit: 10,
    });

    expect(first).toBe(2);
    expect(second).toBe(0);
    expect(failed.items.map((operation) => operation.kind)).toEqual([
      "reconcile",
      "reconcile",
    ]);
    expect(failed.items.map((operation) => operation.iccid).sort()).toEqual([
      "8947010000123456784",
      "8988211000000530082",
    ]);
    expect(flagged.items.length).toBe(2);
    expect(failed.items[0]?.outcome?.message).toContain("Next step:");
  });
});
