/** Internal route that audits requests rejected in proxy.ts. */
export const REJECTION_PATH = "/api/session/rejected";
/** Request header naming the rejection reason on the rewritten request. */
export const REJECTION_REASON_HEADER = "x-portal-rejection";
/** Request header carrying the path the rejected request was sent to. */
export const REJECTED_PATH_HEADER = "x-portal-rejected-path";

export const PROXY_REJECTION_REASONS = [
  "foreign_origin",
  "proxy_bypass",
] as const;
export type ProxyRejectionReason = (typeof PROXY_REJECTION_REASONS)[number];
