// Meaning of a HandleDownloadProgressInfo notification for the profile:
// which SM-DP+ state it reached, or which device-side change a
// carrier-specific point id reports.
import type { SmdpState } from "@/lib/esim";
import type { ExecutionStatus } from "./es2plus-types";

/** SGP.22 notification points and the carrier-specific ones seen in use. */
export const NOTIFICATION_POINTS = {
  eligibilityAndRetryLimit: 1,
  confirmationFailure: 2,
  bppDownload: 3,
  installation: 4,
  deleted: 5,
  enabled: 101,
  disabled: 102,
} as const;

export type NotificationStateChange =
  /** The SM-DP+ state the profile is now in. */
  | { kind: "smdp-state"; state: SmdpState }
  /** A change on the device that SM-DP+ states do not express. */
  | { kind: "device"; change: "deleted" | "enabled" | "disabled" }
  /** Nothing to apply, with the reason for the audit trail. */
  | { kind: "none"; reason: string };

function isSuccess(status: ExecutionStatus): boolean {
  return status === "Executed-Success" || status === "Executed-WithWarning";
}

/**
 * Map a notification point id and its status to the change it reports.
 * A passed eligibility check changes nothing, a downloaded package means
 * Downloaded and an installation means Installed. Any failed or expired
 * step of points 1 to 4 means Error. Points 5, 101 and 102 report
 * deletion, enabling and disabling on the device.
 */
export function stateChangeForNotification(
  notificationPointId: number,
  status: ExecutionStatus,
): NotificationStateChange {
  const succeeded = isSuccess(status);
  const points = NOTIFICATION_POINTS;

  switch (notificationPointId) {
    case points.eligibilityAndRetryLimit:
      return succeeded
        ? { kind: "none", reason: "eligibility check passed" }
        : { kind: "smdp-state", state: "Error" };
    case points.confirmationFailure:
      return succeeded
        ? { kind: "none", reason: "confirmation point reported success" }
        : { kind: "smdp-state", state: "Error" };
    case points.bppDownload:
      return { kind: "smdp-state", state: succeeded ? "Downloaded" : "Error" };
    case points.installation:
      return { kind: "smdp-state", state: succeeded ? "Installed" : "Error" };
  }

  const deviceChanges: Record<number, "deleted" | "enabled" | "disabled"> = {
    [points.deleted]: "deleted",
    [points.enabled]: "enabled",
    [points.disabled]: "disabled",
  };
  const change = deviceChanges[notificationPointId];
  if (change !== undefined) {
    return succeeded
      ? { kind: "device", change }
      : { kind: "none", reason: `device ${change} step reported ${status}` };
  }
  return {
    kind: "none",
    reason: `notificationPointId ${notificationPointId} has no known meaning`,
  };
}
