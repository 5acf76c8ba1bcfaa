import "server-only";

import pino from "pino";

import { getCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { InvalidCursorError, getStore } from "@/lib/store";

import { fleetRowOf, type CarrierOption, type FleetRow } from "./fleet-row";
import {
  fleetFilterOf,
  fleetQueryOf,
  firstPageView,
  type FleetView,
} from "./fleet-search-params";

const logger = pino({ name: "fleet-page" });

export type FleetPageData =
  | {
      ok: true;
      view: FleetView;
      rows: FleetRow[];
      nextCursor: string | null;
      total: number;
      notices: string[];
    }
  | { ok: false; view: FleetView; message: string; notices: string[] };

/**
 * Reads one page of the organization's fleet and the number of profiles
 * that match the filter. A cursor that the store rejects (altered, or from
 * another query) falls back to the first page with a notice.
 */
export async function loadFleetPage(
  organizationId: string,
  requested: FleetView,
  notices: string[],
): Promise<FleetPageData> {
  let view = requested;
  const allNotices = [...notices];
  try {
    const store = await getStore();
    const queryPage = async () => {
      try {
        return await store.profiles.queryFleet(
          organizationId,
          fleetQueryOf(view),
        );
      } catch (error) {
        if (!(error instanceof InvalidCursorError)) throw error;
        allNotices.push(error.message);
        view = firstPageView(view);
        return store.profiles.queryFleet(organizationId, fleetQueryOf(view));
      }
    };
    // The fallback keeps the filter, so the count applies to either page.
    const [page, total] = await Promise.all([
      queryPage(),
      store.profiles.count(organizationId, fleetFilterOf(view)),
    ]);
    return {
      ok: true,
      view,
      rows: page.items.map(fleetRowOf),
      nextCursor: page.nextCursor,
      total,
      notices: allNotices,
    };
  } catch (error) {
    logger.error({ err: error, organizationId }, "fleet query failed");
    return {
      ok: false,
      view,
      message:
        "The fleet could not be loaded from the store. Retry in a moment; " +
        "if it persists, check the store's status.",
      notices: allNotices,
    };
  }
}

/**
 * Lists the configured carriers with their profile types. A carrier file
 * that cannot be read yields an empty list and a log line, so the fleet
 * still renders.
 */
export function listCarrierOptions(): CarrierOption[] {
  try {
    return getCarrierRegistry().carriers.map((carrier) => ({
      id: carrier.id,
      name: carrier.name,
      profileTypes: [...carrier.profileTypes],
    }));
  } catch (error) {
    logger.error({ err: error }, "carrier registry could not be read");
    return [];
  }
}
