import { createHash } from "node:crypto";

import { canonicalJson } from "@/lib/audit/canonical-json";

import type { NewNotification } from "./types";

/**
 * SHA-256 (hex) over carrier, ICCID and the canonical payload. The receive
 * time is left out, so the same notification delivered twice has one hash.
 */
export function notificationContentHash(notification: NewNotification): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        carrierId: notification.carrierId,
        iccid: notification.iccid,
        payload: notification.payload,
      }),
    )
    .digest("hex");
}
