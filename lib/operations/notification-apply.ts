// Applying a HandleDownloadProgressInfo notification to the profile it is
// about, and applying notifications that arrived before their profile was
// stored. Both the notification endpoint and the worker use this.
import {
  parseDownloadProgressNotification,
  type DownloadProgressNotification,
} from "@/lib/smdp/download-progress";
import type { CarrierConfig } from "@/lib/smdp/carrier-registry";
import { stateChangeForNotification } from "@/lib/smdp/notification-state-change";
import { VersionConflictError } from "@/lib/store/errors";
import type { Store } from "@/lib/store/repositories";
import type {
  AuditActor,
  NotificationRecord,
  Profile,
  ProfilePatch,
} from "@/lib/store/types";

import { notificationAdvances } from "./profile-state-order";

/**
 * Partition of notifications whose ICCID matched no stored profile. They
 * stay there and are copied to the organization once the profile appears.
 */
export const UNMATCHED_NOTIFICATIONS_ORGANIZATION = "_unmatched-notifications";

const MAX_VERSION_RETRIES = 5;

export function carrierActor(
  carrier: Pick<CarrierConfig, "id" | "name">,
): AuditActor {
  return {
    oid: `carrier:${carrier.id}`,
    name: `${carrier.name} SM-DP+`,
    roles: [],
  };
}

export interface NotificationEffect {
  patch: ProfilePatch;
  /** Meaning of the notification, for the audit entry. */
  summary: string;
}

/** Compute what a notification changes on a profile (possibly nothing). */
export function profilePatchForNotification(
  profile: Profile,
  notification: DownloadProgressNotification,
): NotificationEffect {
  const { notificationPointId, notificationPointStatus } = notification;
  const change = stateChangeForNotification(
    notificationPointId,
    notificationPointStatus.status,
  );
  const patch: ProfilePatch = {};
  if (profile.eid === null && notification.eid !== null) {
    patch.eid = notification.eid;
  }
  const ended =
    profile.portalStatus === "Revoked" || profile.portalStatus === "Retired";
  let summary: string;

  switch (change.kind) {
    case "smdp-state":
      if (notificationAdvances(profile.smdpState, change.state)) {
        patch.smdpState = change.state;
        if (
          change.state === "Error" &&
          (profile.portalStatus === "Active" ||
            profile.portalStatus === "Ordering")
        ) {
          patch.portalStatus = "Failed";
        }
        summary = `point ${notificationPointId}: ${profile.smdpState} -> ${change.state}`;
      } else {
        summary =
          `point ${notificationPointId} reports ${change.state}, but the ` +
          `profile is already ${profile.smdpState}: state kept`;
      }
      break;
    case "device": {
      const status =
        change.change === "enabled"
          ? "Enabled"
          : change.change === "disabled"
            ? "Disabled"
            : "Retired";
      if (!ended || change.change === "deleted") {
        patch.portalStatus = status;
      }
      summary = `point ${notificationPointId}: profile ${change.change} on the device`;
      break;
    }
    case "none":
      summary = `point ${notificationPointId}: ${change.reason}`;
      break;
  }
  if (patch.portalStatus === profile.portalStatus) delete patch.portalStatus;
  return { patch, summary };
}

export interface ApplyNotificationRequest {
  organizationId: string;
  notification: DownloadProgressNotification;
  notificationId: string;
  normalisations: string[];
  carrier: Pick<CarrierConfig, "id" | "name">;
  sourceIp: string | null;
  userAgent: string | null;
}

/**
 * Apply a stored notification to its profile with an audit entry (before
 * and after values) in one commit, retrying on a concurrent profile change.
 * Returns false when the profile does not exist.
 */
export async function applyNotification(
  store: Store,
  request: ApplyNotificationRequest,
): Promise<boolean> {
  const { organizationId, notification } = request;
  for (let attempt = 1; ; attempt += 1) {
    const profile = await store.profiles.get(
      organizationId,
      notification.iccid,
    );
    if (profile === null) return false;

    const { patch, summary } = profilePatchForNotification(
      profile,
      notification,
    );
    const changed = Object.keys(patch).length > 0;
    const codes = notification.notificationPointStatus.statusCodeData;
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(patch)) {
      before[key] = profile[key as keyof Profile];
    }
    try {
      await store.commit({
        organizationId,
        ...(changed && profile.version !== undefined
          ? {
              profile: {
                update: {
                  iccid: profile.iccid,
                  patch,
                  ifVersion: profile.version,
                },
              },
            }
          : {}),
        audit: [
          {
            organizationId,
            time: new Date().toISOString(),
            actor: carrierActor(request.carrier),
            sourceIp: request.sourceIp,
            userAgent: request.userAgent,
            action: changed
              ? "profile.download-progress.applied"
              : "profile.download-progress.received",
            target: profile.iccid,
            outcome:
              notification.notificationPointStatus.status === "Failed" ||
              notification.notificationPointStatus.status === "Expired"
                ? "failure"
                : "success",
            statusCodes:
              codes === undefined
                ? null
                : {
                    subjectCode: codes.subjectCode,
                    reasonCode: codes.reasonCode,
                  },
            reason:
              `${summary}; notification ${request.notificationId}` +
              (request.normalisations.length > 0
                ? `; normalised: ${request.normalisations.join(", ")}`
                : ""),
            before: changed ? before : null,
            after: changed ? patch : null,
            correlationId: notification.functionCallIdentifier,
          },
        ],
      });
      return true;
    } catch (error) {
      if (
        error instanceof VersionConflictError &&
        attempt < MAX_VERSION_RETRIES
      ) {
        continue;
      }
      throw error;
    }
  }
}

function sortByDeviceProgress(records: NotificationRecord[]) {
  return records
    .map((record) => ({
      record,
      parsed: parseDownloadProgressNotification(record.payload),
    }))
    .filter((entry) => entry.parsed.ok)
    .sort((a, b) => {
      const left = a.parsed.ok ? a.parsed.notification.timestamp : "";
      const right = b.parsed.ok ? b.parsed.notification.timestamp : "";
      // ISO 8601 timestamps in UTC sort as strings.
      return left.localeCompare(right);
    });
}

/**
 * Copy notifications that arrived before the profile was stored into the
 * organization and apply each one not applied before. Safe to call
 * repeatedly: the copy is idempotent, and only a new copy is applied.
 *
 * @returns how many notifications were applied
 */
export async function applyPendingNotifications(
  store: Store,
  details: {
    organizationId: string;
    iccid: string;
    carrier: Pick<CarrierConfig, "id" | "name">;
  },
): Promise<number> {
  const pending = await store.notifications.listByIccid(
    UNMATCHED_NOTIFICATIONS_ORGANIZATION,
    details.iccid,
  );
  let applied = 0;
  for (const { record, parsed } of sortByDeviceProgress(pending)) {
    if (!parsed.ok || record.carrierId !== details.carrier.id) continue;
    const copy = await store.notifications.append({
      organizationId: details.organizationId,
      iccid: record.iccid,
      carrierId: record.carrierId,
      receivedAt: record.receivedAt,
      notificationPointId: record.notificationPointId,
      payload: record.payload,
    });
    if (!copy.created) continue;
    const done = await applyNotification(store, {
      organizationId: details.organizationId,
      notification: parsed.notification,
      notificationId: copy.notification.id,
      normalisations: [
        ...parsed.normalisations,
        "applied after the profile was stored",
      ],
      carrier: details.carrier,
      sourceIp: null,
      userAgent: null,
    });
    if (done) applied += 1;
  }
  return applied;
}
