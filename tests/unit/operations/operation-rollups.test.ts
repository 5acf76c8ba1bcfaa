import { describe, expect, it } from "vitest";

import {
  carrierLatencyMs,
  rollupForCompletedOperation,
} from "@/lib/metrics/operation-rollups";
import { planProvisionSteps } from "@/lib/operations/operation-steps";

const steps = planProvisionSteps("op-1").map((step, index) => ({
  ...step,
  latencyMs: index === 2 ? null : 40.4 + index,
}));

describe("operation rollups", () => {
  it("latency sums ES2+ steps", () => {
    expect(carrierLatencyMs({ steps })).toBe(82);
  });

  it("failure keeps reason code", () => {
    const [increment] = rollupForCompletedOperation(
      { organizationId: "org-1", carrierId: "carrier-a", steps },
      {
        outcome: "failure",
        reasonCode: "8.2.1/3.3",
        time: "2026-12-04T10:15:00.000Z",
      },
    );
    expect(increment?.reasonCode).toBe("8.2.1/3.3");
  });

  it("success has no reason code", () => {
    const [increment] = rollupForCompletedOperation(
      { organizationId: "org-1", carrierId: "carrier-a", steps },
      {
        outcome: "success",
        reasonCode: "ignored",
        time: "2026-12-04T10:15:00.000Z",
      },
    );
    expect(increment?.reasonCode).toBeNull();
  });

  it("operation without carrier skipped", () => {
    expect(
      rollupForCompletedOperation(
        { organizationId: "org-1", carrierId: null, steps },
        { outcome: "success", time: "2026-12-04T10:15:00.000Z" },
      ),
    ).toEqual([]);
  });
});
