// The fleet view as URL search parameters: search, filters, sort and cursor
// paging. Parsing never throws: an invalid parameter is dropped with a notice
// that the page shows, so a hand-edited or stale link still renders.

import { z } from "zod";

import type {
  FleetFilter,
  FleetQuery,
  FleetSort,
  PortalStatus,
  SmdpState,
} from "@/lib/store/types";

import { PORTAL_STATUS_OPTIONS, SMDP_STATE_OPTIONS } from "./fleet-statuses";

export const FLEET_PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_FLEET_PAGE_SIZE = 50;
export const MAX_SEARCH_LENGTH = 64;

/**
 * Maximum number of earlier pages whose cursors the URL keeps for
 * "Previous". Older ones are dropped, so "Previous" from the oldest kept
 * page returns to the first page.
 */
export const MAX_TRAIL_LENGTH = 25;

/** Trail entry that stands for the first page, which has no cursor. */
export const FIRST_PAGE_TOKEN = "~";

/** The fleet table's state as the URL carries it. */
export interface FleetView {
  search: string | null;
  carrierId: string | null;
  smdpState: SmdpState | null;
  portalStatus: PortalStatus | null;
  group: string | null;
  sort: FleetSort;
  direction: "asc" | "desc";
  size: number;
  /** Cursor of the current page; null on the first page. */
  cursor: string | null;
  /** Cursors of the pages before this one, oldest first. */
  trail: string[];
}

export interface FleetViewParseResult {
  view: FleetView;
  /** One sentence per parameter that was invalid and ignored. */
  notices: string[];
}

export type RawSearchParams =
  | URLSearchParams
  | Record<string, string | string[] | undefined>;

export const DEFAULT_FLEET_VIEW: FleetView = {
  search: null,
  carrierId: null,
  smdpState: null,
  portalStatus: null,
  group: null,
  sort: "updatedAt",
  direction: "desc",
  size: DEFAULT_FLEET_PAGE_SIZE,
  cursor: null,
  trail: [],
};

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const CURSOR = /^[A-Za-z0-9_-]{1,2048}$/;

const freeText = z
  .string()
  .trim()
  .min(1)
  .max(MAX_SEARCH_LENGTH)
  .refine((value) => !CONTROL_CHARACTERS.test(value));

const PARAMETERS = {
  search: { name: "q", schema: freeText },
  carrierId: {
    name: "carrier",
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  },
  smdpState: { name: "state", schema: z.enum(SMDP_STATE_OPTIONS) },
  portalStatus: { name: "status", schema: z.enum(PORTAL_STATUS_OPTIONS) },
  group: { name: "group", schema: freeText },
  sort: { name: "sort", schema: z.enum(["updatedAt", "iccid"]) },
  direction: { name: "dir", schema: z.enum(["asc", "desc"]) },
  size: {
    name: "size",
    schema: z.coerce
      .number()
      .int()
      .refine((size) => (FLEET_PAGE_SIZES as readonly number[]).includes(size)),
  },
  cursor: { name: "cursor", schema: z.string().regex(CURSOR) },
} as const;

const NOTICES: Record<keyof typeof PARAMETERS | "trail", string> = {
  search: `The search must be 1 to ${MAX_SEARCH_LENGTH} printable characters, so it was ignored.`,
  carrierId: "The carrier filter is not a valid carrier id, so it was ignored.",
  smdpState: "The SM-DP+ state filter is not a known state, so it was ignored.",
  portalStatus: "The portal status filter is not a known status, so it was ignored.",
  group: `The group filter must be 1 to ${MAX_SEARCH_LENGTH} printable characters, so it was ignored.`,
  sort: "The sort column is not one of last change or ICCID, so the list is sorted by last change.",
  direction: "The sort direction must be asc or desc, so the default was used.",
  size: `The page size must be one of ${FLEET_PAGE_SIZES.join(", ")}, so ${DEFAULT_FLEET_PAGE_SIZE} rows are shown.`,
  cursor: "The page link is invalid, so the first page is shown.",
  trail: "The earlier-page history in the link is invalid, so Previous returns to the first page.",
};

function readParameter(raw: RawSearchParams, name: string): string | undefined {
  if (raw instanceof URLSearchParams) return raw.get(name) ?? undefined;
  const value = raw[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseTrail(value: string | undefined): string[] | null {
  if (value === undefined || value === "") return [];
  const entries = value.split(".");
  const valid = entries.every(
    (entry) => entry === FIRST_PAGE_TOKEN || CURSOR.test(entry),
  );
  if (!valid) return null;
  return entries.slice(-MAX_TRAIL_LENGTH);
}

/**
 * Parses the fleet page's search parameters. Every parameter is checked on
 * its own: an invalid one falls back to its default and adds a notice, and
 * the rest still apply. Empty parameters (an empty search box) are absent.
 *
 * @example
 * parseFleetSearchParams({ q: "8988", state: "Bogus" }).notices.length // 1
 */
export function parseFleetSearchParams(
  raw: RawSearchParams,
): FleetViewParseResult {
  const view: FleetView = { ...DEFAULT_FLEET_VIEW, trail: [] };
  const notices: string[] = [];
  const writable = view as unknown as Record<string, unknown>;

  for (const [key, parameter] of Object.entries(PARAMETERS)) {
    const value = readParameter(raw, parameter.name);
    if (value === undefined || value.trim() === "") continue;

    const parsed = parameter.schema.safeParse(value);
    if (parsed.success) {
      writable[key] = parsed.data;
    } else {
      notices.push(NOTICES[key as keyof typeof PARAMETERS]);
    }
  }

  const trail = parseTrail(readParameter(raw, "trail"));
  if (trail === null) {
    notices.push(NOTICES.trail);
  } else if (view.cursor !== null) {
    // Without a cursor this is the first page, which has nothing before it.
    view.trail = trail;
  }

  return { view, notices };
}

/**
 * Writes a view back as search parameters, leaving out defaults so links
 * stay short. `paging: false` leaves out cursor and trail (export links).
 */
export function fleetViewToSearchParams(
  view: FleetView,
  options: { paging?: boolean } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null, fallback?: string) => {
    if (value !== null && value !== fallback) params.set(name, value);
  };

  set("q", view.search);
  set("carrier", view.carrierId);
  set("state", view.smdpState);
  set("status", view.portalStatus);
  set("group", view.group);
  set("sort", view.sort, DEFAULT_FLEET_VIEW.sort);
  set("dir", view.direction, DEFAULT_FLEET_VIEW.direction);
  set("size", String(view.size), String(DEFAULT_FLEET_VIEW.size));

  if (options.paging !== false && view.cursor !== null) {
    params.set("cursor", view.cursor);
    if (view.trail.length > 0) params.set("trail", view.trail.join("."));
  }
  return params;
}

/** Returns `path` with the view's search parameters, for links. */
export function fleetViewHref(
  path: string,
  view: FleetView,
  options: { paging?: boolean } = {},
): string {
  const query = fleetViewToSearchParams(view, options).toString();
  return query ? `${path}?${query}` : path;
}

export function fleetFilterOf(view: FleetView): FleetFilter {
  const filter: FleetFilter = {};
  if (view.search !== null) filter.search = view.search;
  if (view.carrierId !== null) filter.carrierId = view.carrierId;
  if (view.smdpState !== null) filter.smdpState = view.smdpState;
  if (view.portalStatus !== null) filter.portalStatus = view.portalStatus;
  if (view.group !== null) filter.group = view.group;
  return filter;
}

export function fleetQueryOf(view: FleetView): FleetQuery {
  return {
    ...fleetFilterOf(view),
    sort: view.sort,
    direction: view.direction,
    limit: view.size,
    cursor: view.cursor,
  };
}

/** The view of the page after this one, given the store's `nextCursor`. */
export function nextPageView(view: FleetView, nextCursor: string): FleetView {
  const trail = [...view.trail, view.cursor ?? FIRST_PAGE_TOKEN];
  return {
    ...view,
    cursor: nextCursor,
    trail: trail.slice(-MAX_TRAIL_LENGTH),
  };
}

/** The view of the page before this one, or null on the first page. */
export function previousPageView(view: FleetView): FleetView | null {
  if (view.cursor === null) return null;
  const previous = view.trail.at(-1);
  if (previous === undefined || previous === FIRST_PAGE_TOKEN) {
    return { ...view, cursor: null, trail: [] };
  }
  return { ...view, cursor: previous, trail: view.trail.slice(0, -1) };
}

/** The first page of this view: filters and sort kept, paging reset. */
export function firstPageView(view: FleetView): FleetView {
  return { ...view, cursor: null, trail: [] };
}

/** The first page sorted by `sort` in `direction`. */
export function sortedView(
  view: FleetView,
  sort: FleetSort,
  direction: "asc" | "desc",
): FleetView {
  return { ...firstPageView(view), sort, direction };
}
