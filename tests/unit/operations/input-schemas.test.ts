import { describe, expect, it } from "vitest";

import { OperationInputError } from "@/lib/operations/errors";
import {
  parseOperationInput,
  provisionInputSchema,
  revokeInputSchema,
  transferInputSchema,
} from "@/lib/operations/input-schemas";

function fieldErrors(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof OperationInputError) return error.fieldErrors;
    throw error;
  }
  return {};
}

const key = "form-1234abcd";

describe("operation input schemas", () => {
  it("valid provision input parsed", () => {
    const parsed = parseOperationInput(provisionInputSchema, {
      idempotencyKey: key,
      carrierId: "carrier-a",
      profileType: "consumer",
      imei: "35-209900-176148-1",
    });
    expect(parsed.imei).toBe("352099001761481");
  });

  it("invalid IMEI rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(provisionInputSchema, {
        idempotencyKey: key,
        carrierId: "carrier-a",
        profileType: "consumer",
        imei: "352099001761482",
      }),
    );
    expect(errors.imei?.length).toBe(1);
  });

  it("short EID rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(provisionInputSchema, {
        idempotencyKey: key,
        carrierId: "carrier-a",
        profileType: "consumer",
        eid: "8904903212345123451234567890123",
      }),
    );
    expect(errors.eid?.length).toBe(1);
  });

  it("bad owner e-mail rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(provisionInputSchema, {
        idempotencyKey: key,
        carrierId: "carrier-a",
        profileType: "consumer",
        ownerEmail: "not-an-address",
      }),
    );
    expect(errors.ownerEmail?.length).toBe(1);
  });

  it("unknown field rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(provisionInputSchema, {
        idempotencyKey: key,
        carrierId: "carrier-a",
        profileType: "consumer",
        organizationId: "someone-else",
      }),
    );
    expect(Object.keys(errors)).toEqual(["(request)"]);
  });

  it("short idempotency key rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(provisionInputSchema, {
        idempotencyKey: "x",
        carrierId: "a",
        profileType: "b",
      }),
    );
    expect(errors.idempotencyKey?.length).toBe(1);
  });

  it("transfer needs a reason", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(transferInputSchema, {
        idempotencyKey: key,
        iccid: "8988211000000530082",
        newEid: "89049032123451234512345678901235",
      }),
    );
    expect(errors.reason?.length).toBe(1);
  });

  it("transfer ICCID padding removed", () => {
    const parsed = parseOperationInput(transferInputSchema, {
      idempotencyKey: key,
      iccid: "8988211000000530082F",
      newEid: "89049032123451234512345678901235",
      reason: "New phone",
    });
    expect(parsed.iccid).toBe("8988211000000530082");
  });

  it("revoke final status checked", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(revokeInputSchema, {
        idempotencyKey: key,
        iccid: "8988211000000530082",
        finalProfileStatusIndicator: "Deleted",
        reason: "Lost",
      }),
    );
    expect(errors.finalProfileStatusIndicator?.[0]).toContain("Available");
  });

  it("overlong reason rejected", () => {
    const errors = fieldErrors(() =>
      parseOperationInput(revokeInputSchema, {
        idempotencyKey: key,
        iccid: "8988211000000530082",
        finalProfileStatusIndicator: "Available",
        reason: "x".repeat(501),
      }),
    );
    expect(errors.reason?.length).toBe(1);
  });
});
