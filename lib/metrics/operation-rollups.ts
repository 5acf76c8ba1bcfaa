// Rollup increment for a completed operation: per carrier and hour, one
// count by outcome (and failure reason), with the operation's carrier
// latency. Dashboards read these rollups, not the operations.
import type { Operation, RollupIncrement } from "@/lib/store/types";

/**
 * Sum of the last attempt's latency of each ES2+ step, in milliseconds:
 * the time the operation spent waiting for the carrier, without backoff.
 */
export function carrierLatencyMs(operation: Pick<Operation, "steps">): number {
  let total = 0;
  for (const step of operation.steps) {
    if (step.function !== null && step.latencyMs !== null)
      total += step.latencyMs;
  }
  return Math.round(total);
}

/**
 * Build the rollup increment of an operation that just succeeded or
 * failed. `reasonCode` is "subjectCode/reasonCode" of a carrier rejection,
 * or the failure kind ("timeout", "unreachable", "protocol-error").
 */
export function rollupForCompletedOperation(
  operation: Pick<Operation, "organizationId" | "carrierId" | "steps">,
  completion: {
    outcome: "success" | "failure";
    reasonCode?: string | null;
    time: string;
  },
): RollupIncrement[] {
  if (operation.carrierId === null) return [];
  return [
    {
      organizationId: operation.organizationId,
      carrierId: operation.carrierId,
      time: completion.time,
      outcome: completion.outcome,
      reasonCode:
        completion.outcome === "failure"
          ? (completion.reasonCode ?? null)
          : null,
      latencyMs: carrierLatencyMs(operation),
    },
  ];
}
