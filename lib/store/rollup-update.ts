import { latencyBucketIndex, truncateToHour } from "./record-input";
import type { Rollup, RollupIncrement } from "./types";
import { LATENCY_BUCKETS_MS } from "./types";

export function emptyRollup(increment: RollupIncrement): Rollup {
  return {
    organizationId: increment.organizationId,
    carrierId: increment.carrierId,
    hour: truncateToHour(increment.time),
    total: 0,
    successes: 0,
    failures: 0,
    failuresByReason: {},
    latencySumMs: 0,
    latencyHistogram: LATENCY_BUCKETS_MS.map(() => 0),
  };
}

/** Returns `current` (or an empty rollup) with one more operation counted. */
export function applyRollupIncrement(
  current: Rollup | null,
  increment: RollupIncrement,
): Rollup {
  if (!Number.isFinite(increment.latencyMs) || increment.latencyMs < 0) {
    throw new RangeError(
      `latencyMs ${increment.latencyMs} is invalid: pass a duration in milliseconds, 0 or more.`,
    );
  }
  const base = current ?? emptyRollup(increment);
  const histogram = [...base.latencyHistogram];
  const bucket = latencyBucketIndex(increment.latencyMs);
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;

  const failuresByReason = { ...base.failuresByReason };
  if (increment.outcome === "failure") {
    const reason = increment.reasonCode ?? "unknown";
    failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
  }

  return {
    ...base,
    total: base.total + 1,
    successes: base.successes + (increment.outcome === "success" ? 1 : 0),
    failures: base.failures + (increment.outcome === "failure" ? 1 : 0),
    failuresByReason,
    latencySumMs: base.latencySumMs + increment.latencyMs,
    latencyHistogram: histogram,
  };
}
