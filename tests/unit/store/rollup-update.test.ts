import { describe, expect, it } from "vitest";

import { LATENCY_BUCKETS_MS } from "@/lib/store";
import { latencyBucketIndex } from "@/lib/store/record-input";
import { applyRollupIncrement } from "@/lib/store/rollup-update";

const increment = {
  organizationId: "org-1",
  carrierId: "carrier-a",
  time: "2026-03-01T10:42:13.000Z",
  outcome: "failure" as const,
  reasonCode: "8.2.1/3.9",
  latencyMs: 640,
};

describe("rollup update", () => {
  it("hour truncated to start", () => {
    expect(applyRollupIncrement(null, increment).hour).toBe(
      "2026-03-01T10:00:00.000Z",
    );
  });

  it("failure counted by reason", () => {
    const rollup = applyRollupIncrement(
      applyRollupIncrement(null, increment),
      increment,
    );
    expect(rollup.failuresByReason["8.2.1/3.9"]).toBe(2);
  });

  it("latency lands in bucket", () => {
    const rollup = applyRollupIncrement(null, increment);
    expect(rollup.latencyHistogram[latencyBucketIndex(640)]).toBe(1);
    expect(LATENCY_BUCKETS_MS[latencyBucketIndex(640)]).toBe(750);
  });

  it("bucket bound is inclusive", () => {
    expect(LATENCY_BUCKETS_MS[latencyBucketIndex(500)]).toBe(500);
  });

  it("slow call in last bucket", () => {
    expect(latencyBucketIndex(120_000)).toBe(LATENCY_BUCKETS_MS.length - 1);
  });

  it("negative latency rejected", () => {
    expect(() =>
      applyRollupIncrement(null, { ...increment, latencyMs: -1 }),
    ).toThrow(RangeError);
  });
});
