// Retry policy of ES2+ steps: the outcomes worth another attempt, and the
// delay before it. The delay is exponential backoff with full jitter (a
// uniformly random delay between zero and the exponential bound), so that
// many operations failing together do not retry together.
import type { Es2Outcome } from "@/lib/smdp/es2plus-client";

export interface RetrySettings {
  /** Attempts per step, the first one included. */
  maxAttempts: number;
  /** Bound of the first retry delay, in milliseconds. */
  baseDelayMs: number;
  /** Largest bound of a retry delay, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/**
 * Return the delay before attempt `attempt + 1`, in milliseconds, given
 * that `attempt` attempts (1 or more) were made.
 */
export function retryDelayMs(
  attempt: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const bound = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs * 2 ** exponent,
  );
  return Math.floor(random() * bound);
}

export type OutcomeClass =
  | { kind: "success" }
  /** The SM-DP+ may not have received or executed the call, so it is resent. */
  | { kind: "resend"; reason: string }
  /** The SM-DP+ rejected the call, and a new call later can succeed. */
  | { kind: "retry-new-call"; reason: string }
  | { kind: "permanent"; reason: string };

/** Rollup and log label of a failed outcome: codes, or the failure kind. */
export function reasonLabel(outcome: Es2Outcome<unknown>): string {
  if (outcome.kind === "rejected") {
    const codes = outcome.statusCodeData;
    return codes === null
      ? `${outcome.executionStatus}-without-status-code`
      : `${codes.subjectCode}/${codes.reasonCode}`;
  }
  return outcome.kind;
}

/**
 * Classify an outcome. Timeouts, unreachable carriers and protocol errors
 * are resent with the same call identifier, because the SM-DP+ may have
 * executed the call. A rejection is retried with a new identifier when
 * `describeStatusCode` calls its codes retryable, and when it came without
 * status codes (the carrier gave no reason to believe it is final).
 */
export function classifyOutcome(outcome: Es2Outcome<unknown>): OutcomeClass {
  switch (outcome.kind) {
    case "success":
      return { kind: "success" };
    case "timeout":
      return {
        kind: "resend",
        reason: `no answer within ${outcome.timeoutMs} ms`,
      };
    case "unreachable":
      return { kind: "resend", reason: outcome.cause };
    case "protocol-error":
      return {
        kind: "resend",
        reason: `HTTP ${outcome.httpStatus}: ${outcome.problem}`,
      };
    case "rejected": {
      if (outcome.diagnosis === null) {
        return {
          kind: "retry-new-call",
          reason: `${outcome.executionStatus} without statusCodeData`,
        };
      }
      return outcome.diagnosis.retryable
        ? { kind: "retry-new-call", reason: outcome.diagnosis.cause }
        : { kind: "permanent", reason: outcome.diagnosis.cause };
    }
  }
}

/** Whether the outcome shows the carrier itself failing (for the breaker). */
export function isCarrierFailure(outcome: Es2Outcome<unknown>): boolean {
  return (
    outcome.kind === "timeout" ||
    outcome.kind === "unreachable" ||
    outcome.kind === "protocol-error"
  );
}
