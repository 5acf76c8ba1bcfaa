"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";

import type { FleetRow } from "@/lib/fleet/fleet-row";
import {
  fleetViewHref,
  sortedView,
  type FleetView,
} from "@/lib/fleet/fleet-search-params";
import type { FleetSort } from "@/lib/store/types";

import { PortalStatusBadge, SmdpStateBadge } from "./status-badges";

const column = createColumnHelper<FleetRow>();

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

const COLUMNS = [
  column.accessor("iccid", {
    header: "ICCID",
    enableSorting: true,
    cell: (info) => (
      <Link
        href={`/fleet/${info.getValue()}`}
        className="font-mono text-brand-700 underline-offset-2 hover:underline"
      >
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("eid", {
    header: "EID",
    enableSorting: false,
    cell: (info) => (
      <span className="font-mono text-xs">{info.getValue() ?? "—"}</span>
    ),
  }),
  column.accessor("carrierId", { header: "Carrier", enableSorting: false }),
  column.accessor("profileType", {
    header: "Profile type",
    enableSorting: false,
  }),
  column.accessor("smdpState", {
    header: "SM-DP+ state",
    enableSorting: false,
    cell: (info) => <SmdpStateBadge state={info.getValue()} />,
  }),
  column.accessor("portalStatus", {
    header: "Portal status",
    enableSorting: false,
    cell: (info) => <PortalStatusBadge status={info.getValue()} />,
  }),
  column.accessor("deviceName", {
    header: "Device name",
    enableSorting: false,
    cell: (info) => info.getValue() ?? "—",
  }),
  column.accessor("owner", {
    header: "Owner",
    enableSorting: false,
    cell: (info) => info.getValue() ?? "—",
  }),
  column.accessor("group", {
    header: "Group",
    enableSorting: false,
    cell: (info) => info.getValue() ?? "—",
  }),
  column.accessor("updatedAt", {
    id: "updatedAt",
    header: "Last change",
    enableSorting: true,
    cell: (info) => (
      <time dateTime={info.getValue()}>
        {dateFormat.format(new Date(info.getValue()))} UTC
      </time>
    ),
  }),
];

/** Direction a column starts with when it becomes the sort column. */
const FIRST_DIRECTION: Record<FleetSort, "asc" | "desc"> = {
  updatedAt: "desc",
  iccid: "asc",
};

function isFleetSort(id: string): id is FleetSort {
  return id === "updatedAt" || id === "iccid";
}

/**
 * The fleet as a table. Sorting is done by the server: a sortable header is
 * a button that navigates to the first page of the new sort order.
 */
export function FleetTable({
  rows,
  view,
  caption,
}: {
  rows: FleetRow[];
  view: FleetView;
  caption: string;
}) {
  const router = useRouter();
  const sorting: SortingState = [
    { id: view.sort, desc: view.direction === "desc" },
  ];

  // The table is re-created from server data on every navigation, so the
  // React Compiler skipping this component costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns: COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.iccid,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
  });

  function sortBy(id: string) {
    if (!isFleetSort(id)) return;
    const direction =
      id === view.sort
        ? view.direction === "asc"
          ? "desc"
          : "asc"
        : FIRST_DIRECTION[id];
    router.push(fleetViewHref("/fleet", sortedView(view, id, direction)));
  }

  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = header.column.getCanSort();
                const sorted = header.column.getIsSorted();
                const label = flexRender(
                  header.column.columnDef.header,
                  header.getContext(),
                );
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      sortable
                        ? sorted === "asc"
                          ? "ascending"
                          : sorted === "desc"
                            ? "descending"
                            : "none"
                        : undefined
                    }
                    className="whitespace-nowrap px-3 py-2 text-left font-medium text-slate-700"
                  >
                    {sortable ? (
                      <button
                        type="button"
                        onClick={() => sortBy(header.column.id)}
                        className="inline-flex items-center gap-1 rounded hover:text-brand-700"
                      >
                        {label}
                        <span aria-hidden="true" className="text-xs">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="whitespace-nowrap px-3 py-2">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
