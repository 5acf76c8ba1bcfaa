"use client";

import Link from "next/link";

import { FleetFilters } from "@/components/fleet/fleet-filters";
import { FleetPagination } from "@/components/fleet/fleet-pagination";
import { FleetTable } from "@/components/fleet/fleet-table";
import { ButtonLink, buttonClassName } from "@/components/ui/button";
import { EmptyState, ErrorState, Notice } from "@/components/ui/states";
import type { CarrierOption } from "@/lib/fleet/fleet-row";
import { fleetViewHref } from "@/lib/fleet/fleet-search-params";
import type { FleetPageData } from "@/lib/fleet/load-fleet-page";

const countFormat = new Intl.NumberFormat("en-GB");

export function FleetPageClient({
  data,
  carriers,
  canProvision,
}: {
  data: FleetPageData;
  carriers: CarrierOption[];
  canProvision: boolean;
}) {
  const { view } = data;
  const exportHref = fleetViewHref("/api/fleet/export", view, { paging: false });

  return (
    <main className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold text-brand-900">Fleet</h1>
        <div className="ml-auto flex gap-2">
          <a href={exportHref} download className={buttonClassName("secondary")}>
            Export CSV
          </a>
          {canProvision ? (
            <ButtonLink href="/fleet/provision" variant="primary">
              Provision profile
            </ButtonLink>
          ) : null}
        </div>
      </div>

      {data.notices.map((notice) => (
        <Notice key={notice}>{notice}</Notice>
      ))}

      <FleetFilters view={view} carriers={carriers} />

      {data.ok ? (
        <>
          <p data-testid="fleet-total" className="text-sm text-slate-600" aria-live="polite">
            {data.total === 1
              ? "1 profile matches"
              : `${countFormat.format(data.total)} profiles match`}
            {data.rows.length > 0
              ? `; this page shows ${data.rows.length}.`
              : "."}
          </p>
          {data.rows.length === 0 ? (
            <EmptyState title="No profiles match">
              Change the search or the filters, or{" "}
              <Link href="/fleet" className="text-brand-700 underline">
                show the whole fleet
              </Link>
              .
            </EmptyState>
          ) : (
            <FleetTable
              rows={data.rows}
              view={view}
              caption="Profiles of the fleet"
            />
          )}
          <FleetPagination view={view} nextCursor={data.nextCursor} />
        </>
      ) : (
        <ErrorState title="The fleet could not be loaded">
          {data.message}
        </ErrorState>
      )}
    </main>
  );
}
