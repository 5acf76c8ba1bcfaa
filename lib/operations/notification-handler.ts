// HandleDownloadProgressInfo as the portal serves it, independent of the
// HTTP framework: the Next.js route and the local HTTPS front both call
// `handleDownloadProgressNotification` with the caller's identity and the
// raw body, and send back the status and body it returns.
import type { Logger } from "pino";

import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";
import { parseDownloadProgressNotification } from "@/lib/smdp/download-progress";
import { ADMIN_PROTOCOL } from "@/lib/smdp/es2plus-types";
import type { Store } from "@/lib/store/repositories";
import type { Profile } from "@/lib/store/types";

import {
  applyNotification,
  applyPendingNotifications,
  carrierActor,
  UNMATCHED_NOTIFICATIONS_ORGANIZATION,
} from "./notification-apply";
import type { CallerResult } from "./notification-caller";

/** Largest accepted body; a notification is well under 4 KiB. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

export interface NotificationRequest {
  caller: CallerResult;
  rawBody: string;
  sourceIp: string | null;
  userAgent: string | null;
}

export interface NotificationResponse {
  status: number;
  headers: Record<string, string>;
  /** Null for 204. */
  body: string | null;
}

export interface NotificationDependencies {
  store: Store;
  registry: CarrierRegistry;
  logger: Logger;
}

function jsonError(
  status: number,
  code: string,
  message: string,
): NotificationResponse {
  return {
    status,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ error: { code, message } }),
  };
}

// SGP.22 status 1.6 / 2.1: function call invalid (a malformed request).
function es2Error(message: string): NotificationResponse {
  return {
    status: 400,
    headers: {
      "Content-Type": "application/json",
      "X-Admin-Protocol": ADMIN_PROTOCOL,
    },
    body: JSON.stringify({
      header: {
        functionExecutionStatus: {
          status: "Failed",
          statusCodeData: { subjectCode: "1.6", reasonCode: "2.1", message },
        },
      },
    }),
  };
}

const NO_CONTENT: NotificationResponse = {
  status: 204,
  headers: {},
  body: null,
};

/**
 * Find the profile with this ICCID in any organization.
 * NOTE: this reads one profile per organization; with many organizations
 * the store needs an ICCID-to-organization lookup instead.
 */
async function findProfile(
  store: Store,
  iccid: string,
): Promise<Profile | null> {
  for (const organization of await store.organizations.list()) {
    const profile = await store.profiles.get(organization.id, iccid);
    if (profile !== null) return profile;
  }
  return null;
}

/**
 * Handle one notification: authenticate the carrier, parse the body with
 * the tolerant parser, store it once (duplicates change nothing), apply it
 * to the profile with an audit entry, and respond 204 with no body. A
 * notification for an ICCID not stored yet is kept and applied when the
 * worker stores the profile.
 */
export async function handleDownloadProgressNotification(
  deps: NotificationDependencies,
  request: NotificationRequest,
): Promise<NotificationResponse> {
  const log = deps.logger.child({ sourceIp: request.sourceIp });
  if (!request.caller.ok) {
    log.warn(
      { status: request.caller.status, reason: request.caller.message },
      "notification caller rejected",
    );
    return jsonError(
      request.caller.status,
      request.caller.status === 401
        ? "CLIENT_CERTIFICATE_MISSING"
        : "CALLER_NOT_TRUSTED",
      request.caller.message,
    );
  }
  const carrier = deps.registry.findNotificationCaller(request.caller.identity);
  if (carrier === null) {
    log.warn(
      {
        commonName: request.caller.identity.commonName,
        fingerprint256: request.caller.identity.fingerprint256,
      },
      "notification from an unknown client certificate rejected",
    );
    return jsonError(
      403,
      "CALLER_UNKNOWN",
      "The client certificate belongs to no configured carrier.",
    );
  }

  if (Buffer.byteLength(request.rawBody) > MAX_NOTIFICATION_BYTES) {
    log.warn({ carrierId: carrier.id }, "oversized notification rejected");
    return es2Error(`The body is larger than ${MAX_NOTIFICATION_BYTES} bytes.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    log.warn(
      { carrierId: carrier.id },
      "notification that is not JSON rejected",
    );
    return es2Error("The body is not valid JSON.");
  }
  const parsed = parseDownloadProgressNotification(body);
  if (!parsed.ok) {
    log.warn(
      {
        carrierId: carrier.id,
        code: parsed.error.code,
        field: parsed.error.field,
      },
      "malformed notification rejected",
    );
    return es2Error(parsed.error.message);
  }

  const { notification, normalisations } = parsed;
  const receivedAt = new Date().toISOString();
  const profile = await findProfile(deps.store, notification.iccid);
  if (profile !== null && profile.carrierId !== carrier.id) {
    log.warn(
      { carrierId: carrier.id, iccid: notification.iccid },
      "notification about another carrier's profile rejected",
    );
    return jsonError(
      403,
      "PROFILE_OF_OTHER_CARRIER",
      "The ICCID belongs to a profile of another carrier.",
    );
  }

  const organizationId =
    profile?.organizationId ?? UNMATCHED_NOTIFICATIONS_ORGANIZATION;
  const stored = await deps.store.notifications.append({
    organizationId,
    iccid: notification.iccid,
    carrierId: carrier.id,
    receivedAt,
    notificationPointId: String(notification.notificationPointId),
    payload: body as Record<string, unknown>,
  });
  const details = {
    carrierId: carrier.id,
    iccid: notification.iccid,
    notificationPointId: notification.notificationPointId,
    status: notification.notificationPointStatus.status,
    notificationId: stored.notification.id,
  };
  if (!stored.created) {
    log.info(details, "duplicate notification ignored");
    return NO_CONTENT;
  }

  if (profile === null) {
    await deps.store.audit.append({
      organizationId,
      time: receivedAt,
      actor: carrierActor(carrier),
      sourceIp: request.sourceIp,
      userAgent: request.userAgent,
      action: "profile.download-progress.pending",
      target: notification.iccid,
      outcome: "success",
      reason:
        "No profile with this ICCID is stored yet; kept until the order's answer is stored.",
      before: null,
      after: { notificationId: stored.notification.id },
      correlationId: notification.functionCallIdentifier,
    });
    log.warn(details, "notification for an unknown ICCID kept as pending");

    // The worker may have stored the profile after the lookup above; it
    // applies pending notifications only once, right after storing it.
    const late = await findProfile(deps.store, notification.iccid);
    if (late !== null && late.carrierId === carrier.id) {
      await applyPendingNotifications(deps.store, {
        organizationId: late.organizationId,
        iccid: late.iccid,
        carrier,
      });
    }
    return NO_CONTENT;
  }

  await applyNotification(deps.store, {
    organizationId,
    notification,
    notificationId: stored.notification.id,
    normalisations,
    carrier,
    sourceIp: request.sourceIp,
    userAgent: request.userAgent,
  });
  log.info(details, "notification applied");
  return NO_CONTENT;
}
