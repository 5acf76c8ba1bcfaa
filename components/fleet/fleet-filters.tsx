import Form from "next/form";

import { Button, ButtonLink } from "@/components/ui/button";
import { CONTROL_CLASS } from "@/components/ui/field";
import type { CarrierOption } from "@/lib/fleet/fleet-row";
import {
  FLEET_PAGE_SIZES,
  MAX_SEARCH_LENGTH,
  type FleetView,
} from "@/lib/fleet/fleet-search-params";
import {
  PORTAL_STATUS_OPTIONS,
  SMDP_STATE_OPTIONS,
} from "@/lib/fleet/fleet-statuses";

function Labelled({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-w-36 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * Search and filters as a GET form: submitting navigates to the first page
 * of the filtered fleet, and every value stays in the URL.
 */
export function FleetFilters({
  view,
  carriers,
}: {
  view: FleetView;
  carriers: CarrierOption[];
}) {
  const knownCarrier = carriers.some((carrier) => carrier.id === view.carrierId);
  return (
    <Form
      action="/fleet"
      role="search"
      aria-label="Search and filter the fleet"
      className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <label htmlFor="fleet-search" className="text-xs font-medium text-slate-700">
          Search
        </label>
        <input
          id="fleet-search"
          name="q"
          type="search"
          defaultValue={view.search ?? ""}
          maxLength={MAX_SEARCH_LENGTH}
          placeholder="ICCID or EID prefix, device name, owner"
          aria-describedby="fleet-search-help"
          className={CONTROL_CLASS}
        />
        <p id="fleet-search-help" className="text-xs text-slate-500">
          Digits match the start of ICCIDs and EIDs; other text matches the
          start of device names and owners.
        </p>
      </div>
      <Labelled id="fleet-carrier" label="Carrier">
        <select
          id="fleet-carrier"
          name="carrier"
          defaultValue={view.carrierId ?? ""}
          className={CONTROL_CLASS}
        >
          <option value="">All carriers</option>
          {carriers.map((carrier) => (
            <option key={carrier.id} value={carrier.id}>
              {carrier.name}
            </option>
          ))}
          {view.carrierId && !knownCarrier ? (
            <option value={view.carrierId}>{view.carrierId}</option>
          ) : null}
        </select>
      </Labelled>
      <Labelled id="fleet-state" label="SM-DP+ state">
        <select
          id="fleet-state"
          name="state"
          defaultValue={view.smdpState ?? ""}
          className={CONTROL_CLASS}
        >
          <option value="">All states</option>
          {SMDP_STATE_OPTIONS.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="fleet-status" label="Portal status">
        <select
          id="fleet-status"
          name="status"
          defaultValue={view.portalStatus ?? ""}
          className={CONTROL_CLASS}
        >
          <option value="">All statuses</option>
          {PORTAL_STATUS_OPTIONS.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled id="fleet-group" label="Group">
        <input
          id="fleet-group"
          name="group"
          defaultValue={view.group ?? ""}
          maxLength={MAX_SEARCH_LENGTH}
          className={CONTROL_CLASS}
        />
      </Labelled>
      <Labelled id="fleet-size" label="Rows per page">
        <select
          id="fleet-size"
          name="size"
          defaultValue={String(view.size)}
          className={CONTROL_CLASS}
        >
          {FLEET_PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </Labelled>
      <input type="hidden" name="sort" value={view.sort} />
      <input type="hidden" name="dir" value={view.direction} />
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <ButtonLink href="/fleet" variant="ghost">
          Clear
        </ButtonLink>
      </div>
    </Form>
  );
}
