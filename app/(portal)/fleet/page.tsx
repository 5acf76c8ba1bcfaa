import type { Metadata } from "next";

import { requirePageSession } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { parseFleetSearchParams } from "@/lib/fleet/fleet-search-params";
import { listCarrierOptions, loadFleetPage } from "@/lib/fleet/load-fleet-page";

import { FleetPageClient } from "./page-client";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePageSession("fleet.read");
  const { view, notices } = parseFleetSearchParams(await searchParams);
  const data = await loadFleetPage(session.organizationId, view, notices);

  return (
    <FleetPageClient
      data={data}
      carriers={listCarrierOptions()}
      canProvision={hasPermission(session.roles, "profile.provision")}
    />
  );
}
