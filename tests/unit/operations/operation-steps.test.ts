import { describe, expect, it } from "vitest";

import {
  callNumberOf,
  functionCallIdentifierFor,
  planProvisionSteps,
  planRevokeSteps,
  planTransferSteps,
} from "@/lib/operations/operation-steps";

describe("operation step plans", () => {
  it("provision steps in ES2+ order", () => {
    expect(planProvisionSteps("op-1").map((step) => step.name)).toEqual([
      "DownloadOrder",
      "ConfirmOrder",
      "ReleaseProfile",
    ]);
  });

  it("transfer provisions before cancelling", () => {
    expect(planTransferSteps("op-1").map((step) => step.name)).toEqual([
      "DownloadOrder",
      "ConfirmOrder",
      "ReleaseProfile",
      "CancelOldOrder",
      "RetireOldProfile",
    ]);
  });

  it("call identifiers derive from operation", () => {
    expect(planRevokeSteps("op-7")[0]?.functionCallIdentifier).toBe(
      "op-7.CancelOrder",
    );
  });

  it("local step has no call identifier", () => {
    expect(planTransferSteps("op-1")[4]?.functionCallIdentifier).toBeNull();
  });

  it("same inputs give same identifier", () => {
    expect(functionCallIdentifierFor("op-1", "ConfirmOrder")).toBe(
      functionCallIdentifierFor("op-1", "ConfirmOrder"),
    );
  });

  it("new call numbered after rejection", () => {
    const step = {
      ...planProvisionSteps("op-1")[1]!,
      functionCallIdentifier: "op-1.ConfirmOrder.3",
    };
    expect(callNumberOf(step, "op-1")).toBe(3);
  });

  it("base identifier is call one", () => {
    expect(callNumberOf(planProvisionSteps("op-1")[0]!, "op-1")).toBe(1);
  });
});
