import { randomUUID } from "node:crypto";

import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ProfilePageClient } from "./page-client";
import { requirePageSession } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { iccidFromPath, loadProfilePage } from "@/lib/fleet/load-profile-page";
import { listCarrierOptions } from "@/lib/fleet/load-fleet-page";
import {
  isDownloadedState,
  isEndedStatus,
} from "@/lib/operations/profile-state-order";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ iccid: string }>;
}): Promise<Metadata> {
  const { iccid } = await params;
  return { title: `Profile ${iccidFromPath(iccid) ?? ""}`.trim() };
}

export default async function ProfilePage({
  params,
}: {
  params: Promise<{ iccid: string }>;
}) {
  const session = await requirePageSession("fleet.read");
  const iccid = iccidFromPath((await params).iccid);
  if (!iccid) notFound();

  // Admins are the role that provisions, so they alone receive the
  // activation code; for other roles it never leaves the server.
  const isAdmin = hasPermission(session.roles, "profile.provision");
  const loaded = await loadProfilePage(session.organizationId, iccid, {
    includeActivationCode: isAdmin,
  });
  if (!loaded) notFound();

  const { portalStatus, smdpState } = loaded.profile;
  const ended = isEndedStatus(portalStatus);
  const downloaded = isDownloadedState(smdpState);
  // A retired or revoked profile is never installed again, so its code
  // is not shown even to admins.
  const data = ended
    ? { ...loaded, profile: { ...loaded.profile, activation: null } }
    : loaded;

  const canTransfer = hasPermission(session.roles, "profile.transfer");
  const canRevoke = hasPermission(session.roles, "profile.revoke");
  let controlNotice: string | null = null;
  if ((canTransfer || canRevoke) && ended) {
    controlNotice =
      `This profile is ${portalStatus}, so it can no longer be transferred ` +
      "or revoked. Provision a new profile for the device instead.";
  } else if (canRevoke && downloaded) {
    controlNotice =
      `Revoke is not offered: the profile is ${smdpState} on the device, ` +
      "and ES2+ cannot cancel an order after download. Transfer it to the " +
      "replacement device, or have the device user delete the profile.";
  }

  const carrier = listCarrierOptions().find(
    (entry) => entry.id === data.profile.carrierId,
  );

  return (
    <ProfilePageClient
      data={data}
      carrierName={carrier?.name ?? data.profile.carrierId}
      controls={{
        transferKey: canTransfer && !ended ? randomUUID() : null,
        revokeKey: canRevoke && !ended && !downloaded ? randomUUID() : null,
        notice: controlNotice,
      }}
    />
  );
}
