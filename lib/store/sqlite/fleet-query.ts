// SQL for the fleet list: filters, keyset paging and prefix search.
//
// A search is an OR of prefix ranges (ICCID or EID, device name or owner).
// Run as one query, SQLite may collect every row in either range and sort
// them all: at one million profiles that took 100 to 190 ms for a 13-digit
// ICCID prefix or an owner prefix (`npm run bench:fleet`). So each searched
// column gets its own query, bounded by the page size, and the results are
// merged by the sort key. Each of those queries picks its plan from the size
// of its prefix range:
// - sparse (at most SPARSE_RANGE_MAX index entries): range-scan the column's
//   index and sort the few matches;
// - dense: walk the sort index, test each entry and read only the rows of the
//   page, which stops after about page size / match fraction entries.

import type Database from "better-sqlite3";

import { decodeCursor, isKeysetPosition } from "../cursor";
import { classifySearch, prefixUpperBound } from "../record-input";
import type { FleetFilter, FleetQuery } from "../types";

/**
 * Prefix ranges with at most this many index entries are range-scanned and
 * sorted; larger ones are matched while walking the sort index. Sparse reads
 * every entry of the range and dense about 51 / match fraction entries, so at
 * one million profiles and pages of 50 they cost about the same near 7 000
 * entries (an estimate). This bound sits below that, where sorting stays cheap.
 * NOTE: that estimate predates the search columns in the sort indexes. The
 * dense walk now tests entries without reading table rows, so the break-even
 * is likely lower than 7 000 entries; it has not been measured again.
 */
export const SPARSE_RANGE_MAX = 4000;

export type SearchColumn =
  "iccid" | "eid" | "device_name_lower" | "owner_lower";

/** Index whose leading columns are (organization_id, column). */
const SEARCH_INDEX: Record<SearchColumn, string | null> = {
  // The primary key; a WITHOUT ROWID table is stored in it, so it has no name
  // for INDEXED BY.
  iccid: null,
  eid: "profiles_eid",
  device_name_lower: "profiles_device_name",
  owner_lower: "profiles_owner",
};

export interface SqlFilter {
  where: string[];
  params: Record<string, unknown>;
}

interface SearchRange {
  columns: SearchColumn[];
  low: string;
  high: string;
}

/** Columns and bounds a search term matches, or null for no search. */
function searchRange(search: string | undefined): SearchRange | null {
  const term = classifySearch(search);
  if (!term) return null;
  return {
    columns:
      term.kind === "digits"
        ? ["iccid", "eid"]
        : ["device_name_lower", "owner_lower"],
    // Ranges instead of LIKE, so each column can use its index.
    low: term.term,
    high: prefixUpperBound(term.term),
  };
}

/** WHERE clause of the non-search filters; always scoped to one organization. */
function buildAttributeFilter(
  organizationId: string,
  filter: FleetFilter,
): SqlFilter {
  const where = ["organization_id = @organizationId"];
  const params: Record<string, unknown> = { organizationId };

  if (filter.carrierId !== undefined) {
    where.push("carrier_id = @carrierId");
    params.carrierId = filter.carrierId;
  }
  if (filter.smdpState !== undefined) {
    where.push("smdp_state = @smdpState");
    params.smdpState = filter.smdpState;
  }
  if (filter.portalStatus !== undefined) {
    where.push("portal_status = @portalStatus");
    params.portalStatus = filter.portalStatus;
  }
  if (filter.group !== undefined) {
    where.push("group_name = @group");
    params.group = filter.group;
  }
  return { where, params };
}

/** WHERE clause of the whole filter, search included, for counting. */
export function buildFleetFilter(
  organizationId: string,
  filter: FleetFilter,
): SqlFilter {
  const { where, params } = buildAttributeFilter(organizationId, filter);
  const search = searchRange(filter.search);
  if (search) {
    params.searchLow = search.low;
    params.searchHigh = search.high;
    const ranges = search.columns.map(
      (column) => `(${column} >= @searchLow AND ${column} < @searchHigh)`,
    );
    where.push(`(${ranges.join(" OR ")})`);
  }
  return { where, params };
}

export interface FleetRowKey {
  iccid: string;
  updated_at: string;
}

export interface FleetPlan {
  sortColumn: "iccid" | "updated_at";
  descending: boolean;
  /** Rows to return: the page size plus one to detect a next page. */
  rowLimit: number;
}

/** Adds the keyset condition of a cursor that `decodeCursor` accepted. */
function addKeyset(
  filter: SqlFilter,
  plan: FleetPlan,
  cursor: string | null | undefined,
  fingerprint: string,
): void {
  if (!cursor) return;
  const [sortValue, iccid] = decodeCursor(
    cursor,
    fingerprint,
    isKeysetPosition,
  );
  const comparison = plan.descending ? "<" : ">";
  if (plan.sortColumn === "iccid") {
    filter.where.push(`iccid ${comparison} @afterIccid`);
  } else {
    filter.where.push(
      `(updated_at, iccid) ${comparison} (@afterSort, @afterIccid)`,
    );
    filter.params.afterSort = sortValue;
  }
  filter.params.afterIccid = iccid;
}

/** ORDER BY terms of the page sort; `qualifier` is a table alias and dot, or empty. */
function orderByClause(plan: FleetPlan, qualifier = ""): string {
  const order = plan.descending ? "DESC" : "ASC";
  return plan.sortColumn === "iccid"
    ? `${qualifier}iccid ${order}`
    : `${qualifier}updated_at ${order}, ${qualifier}iccid ${order}`;
}

/** Orders rows as `orderByClause` does; both columns are ASCII, so code-unit order is SQLite's BINARY order. */
function compareRows(
  plan: FleetPlan,
): (a: FleetRowKey, b: FleetRowKey) => number {
  const sign = plan.descending ? -1 : 1;
  const compare = (x: string, y: string) => {
    if (x === y) return 0;
    return x < y ? -1 : 1;
  };
  return (a, b) => {
    const bySort =
      plan.sortColumn === "iccid" ? 0 : compare(a.updated_at, b.updated_at);
    return sign * (bySort !== 0 ? bySort : compare(a.iccid, b.iccid));
  };
}

/** Counts the column's index entries in the prefix range, stopping past `SPARSE_RANGE_MAX`. */
function prefixRangeSize(
  db: Database.Database,
  organizationId: string,
  column: SearchColumn,
  search: SearchRange,
): number {
  const row = db
    .prepare(
      `SELECT count(*) AS size FROM (
         SELECT 1 FROM profiles
         WHERE organization_id = ? AND ${column} >= ? AND ${column} < ?
         LIMIT ?)`,
    )
    .get(organizationId, search.low, search.high, SPARSE_RANGE_MAX + 1) as {
    size: number;
  };
  return row.size;
}

export interface FleetStatement {
  sql: string;
  params: Record<string, unknown>;
  /** Plan chosen for a searched column; null without a search. */
  searchPlan: { column: SearchColumn; kind: "sparse" | "dense" } | null;
}

/** SQL that range-scans the column's prefix index and sorts the matches. */
function sparseSql(where: string[], plan: FleetPlan, column: SearchColumn) {
  const range = `${column} >= @searchLow AND ${column} < @searchHigh`;
  const index = SEARCH_INDEX[column];
  let from = `profiles INDEXED BY ${index}`;
  let orderBy = orderByClause(plan);
  if (!index) {
    // Unary + keeps the sort and filter indexes out of the plan, so SQLite
    // range-scans the primary key and sorts the matches.
    orderBy = orderBy.replace(/(updated_at|iccid) /g, "+$1 ");
    from = "profiles NOT INDEXED";
  }
  return `SELECT * FROM ${from} WHERE ${[...where, range].join(" AND ")}
       ORDER BY ${orderBy} LIMIT @rowLimit`;
}

/**
 * SQL that walks the sort index, selecting keys only, and then reads the
 * table rows of the keys it returns. The updated_at sort indexes contain
 * every searched column, so SQLite tests each visited entry without reading
 * its table row.
 * NOTE: a page sorted by iccid with a carrier filter walks
 * profiles_carrier_iccid, and a page with two of carrier, state, status and
 * group walks the index of one of them. Both still read the table row of
 * every visited entry.
 */
function denseSql(where: string[], plan: FleetPlan, column: SearchColumn) {
  // Unary + keeps the column's own index out of the plan.
  const range = `+${column} >= @searchLow AND +${column} < @searchHigh`;
  return `SELECT page.* FROM (
         SELECT iccid FROM profiles WHERE ${[...where, range].join(" AND ")}
         ORDER BY ${orderByClause(plan)} LIMIT @rowLimit) AS walked
       CROSS JOIN profiles AS page
         ON page.organization_id = @organizationId AND page.iccid = walked.iccid
       ORDER BY ${orderByClause(plan, "page.")}`;
}

/** Builds the page query for one searched column with the plan its range size calls for. */
function columnStatement(
  db: Database.Database,
  organizationId: string,
  filter: SqlFilter,
  plan: FleetPlan,
  column: SearchColumn,
  search: SearchRange,
): FleetStatement {
  const sparse =
    prefixRangeSize(db, organizationId, column, search) <= SPARSE_RANGE_MAX;
  return {
    sql: sparse
      ? sparseSql(filter.where, plan, column)
      : denseSql(filter.where, plan, column),
    params: {
      ...filter.params,
      searchLow: search.low,
      searchHigh: search.high,
      rowLimit: plan.rowLimit,
    },
    searchPlan: { column, kind: sparse ? "sparse" : "dense" },
  };
}

/**
 * Builds the statements of one fleet page: one without a search, else one
 * per searched column. Probes the prefix index of each searched column.
 * @throws InvalidCursorError when the cursor does not belong to this query
 */
export function planFleetStatements(
  db: Database.Database,
  organizationId: string,
  query: FleetQuery,
  plan: FleetPlan,
  fingerprint: string,
): FleetStatement[] {
  const filter = buildAttributeFilter(organizationId, query);
  addKeyset(filter, plan, query.cursor, fingerprint);
  const search = searchRange(query.search);
  if (!search) {
    return [
      {
        sql: `SELECT * FROM profiles WHERE ${filter.where.join(" AND ")}
         ORDER BY ${orderByClause(plan)} LIMIT @rowLimit`,
        params: { ...filter.params, rowLimit: plan.rowLimit },
        searchPlan: null,
      },
    ];
  }
  return search.columns.map((column) =>
    columnStatement(db, organizationId, filter, plan, column, search),
  );
}

/**
 * Selects up to `plan.rowLimit` rows of one fleet page, in page order.
 * @throws InvalidCursorError when the cursor does not belong to this query
 */
export function selectFleetRows<Row extends FleetRowKey>(
  db: Database.Database,
  organizationId: string,
  query: FleetQuery,
  plan: FleetPlan,
  fingerprint: string,
): Row[] {
  const statements = planFleetStatements(
    db,
    organizationId,
    query,
    plan,
    fingerprint,
  );
  if (statements.length === 1 && statements[0]) {
    const { sql, params } = statements[0];
    return db.prepare(sql).all(params) as Row[];
  }

  // The first rowLimit rows of a union are among the first rowLimit rows of
  // its parts. A profile whose ICCID and EID both match comes back twice.
  const byIccid = new Map<string, Row>();
  for (const { sql, params } of statements) {
    for (const row of db.prepare(sql).all(params) as Row[]) {
      byIccid.set(row.iccid, row);
    }
  }
  return [...byIccid.values()].sort(compareRows(plan)).slice(0, plan.rowLimit);
}
