import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  OperationError,
  type OperationInputError,
} from "@/lib/operations/errors";
import { submitProvision } from "@/lib/operations/submit-provision";
import { submitRevoke } from "@/lib/operations/submit-revoke";
import { submitTransfer } from "@/lib/operations/submit-transfer";

import {
  ADMIN_CONTEXT,
  createOperationsEnvironment,
  newIdempotencyKey,
  ORGANIZATION_ID,
  startTestWorker,
  storeSnapshot,
  TEST_EID,
  waitForOperationEnd,
  type OperationsEnvironment,
} from "./operations-fixture";

describe("operation submit rejects bad input", () => {
  let environment: OperationsEnvironment;
  let releasedIccid = "";
  let revokedIccid = "";

  beforeAll(async () => {
    environment = await createOperationsEnvironment();
    const { store, registry } = environment;
    const worker = startTestWorker(environment);
    const provisionOne = async () => {
      const { operation } = await submitProvision(
        { store, registry },
        ADMIN_CONTEXT,
        {
          idempotencyKey: newIdempotencyKey(),
          carrierId: "test",
          profileType: "consumer",
          eid: TEST_EID,
        },
      );
      return (await waitForOperationEnd(store, operation.id)).iccid ?? "";
    };
    releasedIccid = await provisionOne();
    revokedIccid = await provisionOne();
    const { operation } = await submitRevoke(
      { store, registry },
      ADMIN_CONTEXT,
      {
        idempotencyKey: newIdempotencyKey(),
        iccid: revokedIccid,
        finalProfileStatusIndicator: "Unavailable",
        reason: "Test setup",
      },
    );
    await waitForOperationEnd(store, operation.id);
    await worker.stop();
  });

  afterAll(async () => {
    await environment.close();
  });

  /** Run `submit`, and return its error and whether the store changed. */
  async function rejection(submit: () => Promise<unknown>) {
    const before = storeSnapshot(environment.store);
    let error: unknown = null;
    try {
      await submit();
    } catch (caught) {
      error = caught;
    }
    return {
      error: error as OperationError | null,
      unchanged: storeSnapshot(environment.store) === before,
    };
  }

  const deps = () => ({
    store: environment.store,
    registry: environment.registry,
  });

  it("invalid EID check digits rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        eid: "89049032123451234512345678901234",
      }),
    );
    expect(error?.code).toBe("OPERATION_INPUT_INVALID");
    expect((error as OperationInputError).fieldErrors.eid?.[0]).toMatch(
      /check digits/i,
    );
    expect(unchanged).toBe(true);
  });

  it("unknown carrier rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "nowhere",
        profileType: "consumer",
      }),
    );
    expect(error?.code).toBe("OPERATION_INPUT_INVALID");
    expect((error as OperationInputError).fieldErrors.carrierId?.[0]).toContain(
      "nowhere",
    );
    expect(unchanged).toBe(true);
  });

  it("unknown profile type rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "satellite",
      }),
    );
    expect(error?.code).toBe("OPERATION_INPUT_INVALID");
    expect(
      (error as OperationInputError).fieldErrors.profileType?.[0],
    ).toContain("consumer");
    expect(unchanged).toBe(true);
  });

  it("control characters in device name rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        carrierId: "test",
        profileType: "consumer",
        deviceName: "Laptop\u0000",
      }),
    );
    expect((error as OperationInputError).fieldErrors.deviceName).toBeDefined();
    expect(unchanged).toBe(true);
  });

  it("revoking revoked profile rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitRevoke(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        iccid: revokedIccid,
        finalProfileStatusIndicator: "Unavailable",
        reason: "Again",
      }),
    );
    expect(error?.code).toBe("OPERATION_INVALID_PROFILE_STATE");
    expect(error?.message).toContain(revokedIccid);
    expect(unchanged).toBe(true);
  });

  it("transfer to same EID rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitTransfer(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        iccid: releasedIccid,
        newEid: TEST_EID,
        reason: "Same device",
      }),
    );
    expect(error?.code).toBe("OPERATION_INPUT_INVALID");
    expect((error as OperationInputError).fieldErrors.newEid?.[0]).toContain(
      "current EID",
    );
    expect(unchanged).toBe(true);
  });

  it("transfer of unknown ICCID rejected", async () => {
    const { error, unchanged } = await rejection(() =>
      submitTransfer(deps(), ADMIN_CONTEXT, {
        idempotencyKey: newIdempotencyKey(),
        iccid: "8988211000000530082",
        newEid: TEST_EID,
        reason: "Unknown",
      }),
    );
    expect(error?.code).toBe("OPERATION_PROFILE_NOT_FOUND");
    expect(unchanged).toBe(true);
  });

  it("double submit creates nothing new", async () => {
    const request = {
      idempotencyKey: newIdempotencyKey(),
      carrierId: "test",
      profileType: "consumer",
    };
    const first = await submitProvision(deps(), ADMIN_CONTEXT, request);
    const before = storeSnapshot(environment.store);
    const second = await submitProvision(deps(), ADMIN_CONTEXT, { ...request });
    const operations = await environment.store.operations.getByIdempotencyKey(
      ORGANIZATION_ID,
      request.idempotencyKey,
    );

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.operation.id).toBe(first.operation.id);
    expect(operations?.id).toBe(first.operation.id);
    expect(storeSnapshot(environment.store)).toBe(before);
  });

  it("reused key for other request rejected", async () => {
    const idempotencyKey = newIdempotencyKey();
    await submitProvision(deps(), ADMIN_CONTEXT, {
      idempotencyKey,
      carrierId: "test",
      profileType: "consumer",
    });
    const { error, unchanged } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {
        idempotencyKey,
        carrierId: "test",
        profileType: "single",
      }),
    );
    expect(error?.code).toBe("OPERATION_IDEMPOTENCY_CONFLICT");
    expect(unchanged).toBe(true);
  });

  it("errors are operation errors", async () => {
    const { error } = await rejection(() =>
      submitProvision(deps(), ADMIN_CONTEXT, {}),
    );
    expect(error).toBeInstanceOf(OperationError);
  });
});
