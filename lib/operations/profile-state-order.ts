// Order of SM-DP+ states along a download, so that a late write never moves
// a profile backwards: a notification can report Downloaded before the
// worker has stored the ConfirmOrder response that made it Released.
import type { PortalStatus, SmdpState } from "@/lib/store/types";

const RANK: Record<SmdpState, number> = {
  Available: 0,
  Allocated: 1,
  Linked: 1,
  Confirmed: 2,
  Released: 3,
  Downloaded: 4,
  Installed: 5,
  // Error and Unavailable end a download; only CancelOrder leaves them.
  Error: 6,
  Unavailable: 7,
};

/** Return `target`, unless `current` is further along the download. */
export function advanceSmdpState(
  current: SmdpState,
  target: SmdpState,
): SmdpState {
  return RANK[current] > RANK[target] ? current : target;
}

/** Whether a notification reporting `target` should change `current`. */
export function notificationAdvances(
  current: SmdpState,
  target: SmdpState,
): boolean {
  if (current === "Unavailable" || current === "Available") return false;
  if (target === "Error") return current !== "Installed" && current !== "Error";
  return RANK[target] > RANK[current];
}

/** Checks whether the device has the profile, so CancelOrder is refused. */
export function isDownloadedState(state: SmdpState): boolean {
  return state === "Downloaded" || state === "Installed";
}

/**
 * Checks whether the portal has ended the profile: a revoked or retired
 * profile is never transferred, revoked or installed again, and its ICCID
 * may be ordered anew.
 */
export function isEndedStatus(status: PortalStatus): boolean {
  return status === "Revoked" || status === "Retired";
}
