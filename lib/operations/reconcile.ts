// Reconciliation of profiles stuck in Released or Downloaded. No ES2+
// function reads a profile's status, and some devices never send their
// notification, so a stuck profile is flagged for support: a failed
// operation of kind "reconcile" in the triage queue (listFailed), and an
// audit entry "profile.needs-attention".
import type { Store } from "@/lib/store/repositories";
import type { Profile } from "@/lib/store/types";

import { WORKER_ACTOR } from "./operation-context";

export const NEEDS_ATTENTION_ACTION = "profile.needs-attention";

export interface ReconcileSettings {
  /** Age of the last change after which a Released profile is flagged, ms. */
  releasedAfterMs: number;
  /** Same for Downloaded: installation normally follows within minutes. */
  downloadedAfterMs: number;
  /** Profiles examined per organization and state in one pass. */
  limit: number;
}

export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = {
  releasedAfterMs: 72 * 60 * 60 * 1000,
  downloadedAfterMs: 60 * 60 * 1000,
  limit: 200,
};

function attentionMessage(profile: Profile, ageMinutes: number): string {
  const hint =
    profile.smdpState === "Released"
      ? "The device has not downloaded it: check that the user received the " +
        "activation code and that the device is online, or revoke the profile."
      : "The device downloaded it but never reported installation: check the " +
        "device, and ask the carrier for the profile's state.";
  return (
    `Profile ${profile.iccid} has been ${profile.smdpState} for ` +
    `${ageMinutes} minutes without a notification. Next step: ${hint}`
  );
}

/**
 * Flag profiles of every organization that stayed Released or Downloaded
 * longer than the thresholds. Idempotent: a profile is flagged once per
 * state and last change.
 *
 * @returns the number of profiles newly flagged
 */
export async function reconcileStuckProfiles(
  store: Store,
  settings: ReconcileSettings = DEFAULT_RECONCILE_SETTINGS,
  now: Date = new Date(),
): Promise<number> {
  let flagged = 0;
  const organizations = await store.organizations.list();
  const thresholds = [
    ["Released", settings.releasedAfterMs],
    ["Downloaded", settings.downloadedAfterMs],
  ] as const;

  for (const organization of organizations) {
    for (const [state, afterMs] of thresholds) {
      const cutoff = new Date(now.getTime() - afterMs).toISOString();
      const page = await store.profiles.queryFleet(organization.id, {
        smdpState: state,
        sort: "updatedAt",
        direction: "asc",
        limit: settings.limit,
      });
      for (const profile of page.items) {
        if (profile.updatedAt >= cutoff) break;
        const ageMinutes = Math.floor(
          (now.getTime() - Date.parse(profile.updatedAt)) / 60_000,
        );
        const message = attentionMessage(profile, ageMinutes);
        const time = now.toISOString();
        const result = await store.commit({
          organizationId: organization.id,
          operation: {
            create: {
              organizationId: organization.id,
              kind: "reconcile",
              idempotencyKey: `reconcile:${profile.iccid}:${state}:${profile.updatedAt}`,
              state: "failed",
              carrierId: profile.carrierId,
              iccid: profile.iccid,
              input: { smdpState: state, since: profile.updatedAt },
              steps: [],
              nextAttemptAt: null,
              outcome: {
                executionStatus: null,
                subjectCode: null,
                reasonCode: null,
                message,
              },
              createdBy: { oid: WORKER_ACTOR.oid, name: WORKER_ACTOR.name },
              createdAt: time,
            },
          },
          audit: [
            {
              organizationId: organization.id,
              time,
              actor: WORKER_ACTOR,
              sourceIp: null,
              userAgent: null,
              action: NEEDS_ATTENTION_ACTION,
              target: profile.iccid,
              outcome: "failure",
              reason: message,
              before: { smdpState: state, since: profile.updatedAt },
              after: { needsAttention: true },
              correlationId: null,
            },
          ],
        });
        if (result.operationCreated) flagged += 1;
      }
    }
  }
  return flagged;
}
