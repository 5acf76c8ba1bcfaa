import { randomUUID } from "node:crypto";

import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ProfilePageClient } from "./page-client";
import { requirePageSession } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { iccidFromPath, loadProfilePage } from "@/lib/fleet/load-profile-page";
import { listCarrierOptions } from "@/lib/fleet/load-fleet-page";

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
  const data = await loadProfilePage(session.organizationId, iccid, {
    includeActivationCode: isAdmin,
  });
  if (!data) notFound();

  const carrier = listCarrierOptions().find(
    (entry) => entry.id === data.profile.carrierId,
  );

  return (
    <ProfilePageClient
      data={data}
      carrierName={carrier?.name ?? data.profile.carrierId}
      controls={{
        transferKey: hasPermission(session.roles, "profile.transfer")
          ? randomUUID()
          : null,
        revokeKey: hasPermission(session.roles, "profile.revoke")
          ? randomUUID()
          : null,
      }}
    />
  );
}
