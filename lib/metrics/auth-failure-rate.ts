import type { AuditRepository, IsoTimestamp } from "@/lib/store";

/** Runbook threshold: failed authentication rate above 10% is a high alert. */
export const AUTH_FAILURE_RATE_HIGH_ALERT = 0.1;

const PAGE_SIZE = 500;

export interface AuthFailureRate {
  organizationId: string;
  from: IsoTimestamp;
  to: IsoTimestamp;
  /** Sign-in attempts: successful and failed "auth.sign-in" entries. */
  attempts: number;
  failures: number;
  /** failures / attempts, or null without attempts. */
  rate: number | null;
  alert: "high" | "none";
  /** Failed sign-ins per reason code, such as "token_expired". */
  failuresByReason: Record<string, number>;
}

/**
 * Computes the failed-authentication rate of an organization over
 * `[from, to)` from its "auth.sign-in" audit entries. Failed sign-ins whose
 * tenant is unknown or whose signature is invalid are stored under the
 * system organization, so pass "system" to see those.
 *
 * @example
 * const rate = await computeAuthFailureRate(store.audit, "contoso-fleet", {
 *   from: "2026-12-04T00:00:00.000Z", to: "2026-12-05T00:00:00.000Z",
 * });
 */
export async function computeAuthFailureRate(
  audit: AuditRepository,
  organizationId: string,
  range: { from: IsoTimestamp; to: IsoTimestamp },
): Promise<AuthFailureRate> {
  let attempts = 0;
  let failures = 0;
  const failuresByReason: Record<string, number> = {};
  let cursor: string | null = null;

  do {
    const page = await audit.list(organizationId, {
      action: "auth.sign-in",
      from: range.from,
      to: range.to,
      limit: PAGE_SIZE,
      cursor,
    });
    for (const entry of page.items) {
      attempts += 1;
      if (entry.outcome !== "failure") continue;
      failures += 1;
      const reason = entry.reason ?? "unknown";
      failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
    }
    cursor = page.nextCursor;
  } while (cursor);

  const rate = attempts === 0 ? null : failures / attempts;
  return {
    organizationId,
    from: range.from,
    to: range.to,
    attempts,
    failures,
    rate,
    alert:
      rate !== null && rate > AUTH_FAILURE_RATE_HIGH_ALERT ? "high" : "none",
    failuresByReason,
  };
}
