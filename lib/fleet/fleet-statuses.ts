import type { PortalStatus, SmdpState } from "@/lib/store/types";

/** SM-DP+ profile states in lifecycle order, for filters and badges. */
export const SMDP_STATE_OPTIONS: readonly SmdpState[] = [
  "Available",
  "Allocated",
  "Linked",
  "Confirmed",
  "Released",
  "Downloaded",
  "Installed",
  "Error",
  "Unavailable",
];

/** The portal's own profile statuses, for filters and badges. */
export const PORTAL_STATUS_OPTIONS: readonly PortalStatus[] = [
  "Ordering",
  "Active",
  "Transferring",
  "Enabled",
  "Disabled",
  "Retired",
  "Revoked",
  "Failed",
];

/** Badge tone of a status: what a reader should make of it at a glance. */
export type StatusTone = "neutral" | "progress" | "success" | "danger";

const SMDP_TONES: Record<SmdpState, StatusTone> = {
  Available: "neutral",
  Allocated: "progress",
  Linked: "progress",
  Confirmed: "progress",
  Released: "progress",
  Downloaded: "progress",
  Installed: "success",
  Error: "danger",
  Unavailable: "neutral",
};

const PORTAL_TONES: Record<PortalStatus, StatusTone> = {
  Ordering: "progress",
  Active: "success",
  Transferring: "progress",
  Enabled: "success",
  Disabled: "neutral",
  Retired: "neutral",
  Revoked: "neutral",
  Failed: "danger",
};

export function smdpStateTone(state: SmdpState): StatusTone {
  return SMDP_TONES[state];
}

export function portalStatusTone(status: PortalStatus): StatusTone {
  return PORTAL_TONES[status];
}
