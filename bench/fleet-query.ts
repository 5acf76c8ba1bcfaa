// npm run bench:fleet
// Seeds one million demo profiles into a temporary SQLite file. Then it times
// a filtered, sorted first fleet page and a page 10 000 rows deep (reached by
// cursor) through the store, beside the same SQL run directly through
// better-sqlite3 in the same process. A set of searches is timed the same way.
// Writes bench/results/fleet-query.json.
// BENCH_DATABASE=file reuses a file seeded by an earlier run (kept, not
// deleted), for trying query changes without seeding again.

import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import {
  createSqliteStore,
  type FleetFilter,
  type FleetQuery,
} from "@/lib/store";
import { queryFingerprint } from "@/lib/store/cursor";
import { fleetFingerprintParts } from "@/lib/store/record-input";
import {
  buildFleetFilter,
  planFleetStatements,
  type FleetStatement,
} from "@/lib/store/sqlite/fleet-query";
import { demoIccid, demoProfileBatches } from "@/tools/seed/demo-profiles";

const PROFILE_COUNT = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const PAGE_SIZE = 50;
const DEEP_ROWS = 10_000;
const ROUNDS = 5;
const ITERATIONS_PER_ROUND = 100;
const ORGANIZATION_ID = "bench-org";
const REUSED_DATABASE = process.env.BENCH_DATABASE;

interface SearchCase {
  name: string;
  query: FleetQuery;
  /** Whether the match set is large enough for a page 10 000 rows deep. */
  deep: boolean;
}

/**
 * Searches over the demo fleet, all sorted by last change, newest first.
 * Demo ICCIDs are 898801 + 12-digit n + check digit and demo EIDs end in the
 * 12-digit 10 000 000 + n, so the digits after the fixed part select n.
 */
const SEARCH_CASES: SearchCase[] = [
  { name: 'ICCID "89" (every profile)', query: search("89"), deep: true },
  {
    name: 'ICCID "89", carrier-b',
    query: search("89", { carrierId: "carrier-b" }),
    deep: true,
  },
  {
    name: "ICCID 13-digit prefix (100 000 profiles)",
    query: search("8988010000001"),
    deep: true,
  },
  {
    name: "ICCID 15-digit prefix (1 000 profiles)",
    query: search("898801000000123"),
    deep: false,
  },
  {
    name: "ICCID 15-digit prefix, carrier-b",
    query: search("898801000000123", { carrierId: "carrier-b" }),
    deep: false,
  },
  {
    name: "full ICCID",
    query: search(demoIccid(1, 123_456)),
    deep: false,
  },
  {
    name: "EID 25-digit prefix (about 93 000)",
    query: search("8904903212345123450000101"),
    deep: true,
  },
  {
    name: "EID 27-digit prefix (about 930)",
    query: search("890490321234512345000010123"),
    deep: false,
  },
  {
    name: 'device name "bench-org-laptop" (about 186 000)',
    query: search("bench-org-laptop"),
    deep: true,
  },
  {
    name: 'device name "bench-org-laptop-012" (about 190)',
    query: search("bench-org-laptop-012"),
    deep: false,
  },
  {
    name: 'owner "grace l" (about 58 000)',
    query: search("Grace L"),
    deep: true,
  },
  {
    name: 'owner "grace l", carrier-b',
    query: search("Grace L", { carrierId: "carrier-b" }),
    deep: true,
  },
  {
    name: 'owner "grace l", group lab',
    query: search("Grace L", { group: "lab" }),
    deep: true,
  },
  {
    name: 'owner "grace l", portal status Ordering',
    query: search("Grace L", { portalStatus: "Ordering" }),
    deep: false,
  },
  {
    // The demo generator gives no "Grace L" profile the state Error, so the
    // walk reads every entry of that state's index without filling a page.
    name: 'owner "grace l", state Error (no matches)',
    query: search("Grace L", { smdpState: "Error" }),
    deep: false,
  },
  {
    name: 'device name "bench-org-laptop", carrier-b',
    query: search("bench-org-laptop", { carrierId: "carrier-b" }),
    deep: true,
  },
  {
    name: "EID 25-digit prefix, carrier-b",
    query: search("8904903212345123450000101", { carrierId: "carrier-b" }),
    deep: true,
  },
];

function search(
  term: string,
  filter: Omit<FleetFilter, "search"> = {},
): FleetQuery {
  return {
    ...filter,
    search: term,
    sort: "updatedAt",
    direction: "desc",
    limit: PAGE_SIZE,
  };
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: Number(percentile(sorted, 0.5).toFixed(3)),
    p95Ms: Number(percentile(sorted, 0.95).toFixed(3)),
  };
}

function peakRssMb(): number {
  // maxRSS is in kilobytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

type Timed = Record<string, () => unknown>;

/**
 * Runs every query once per iteration, in turn, so machine noise and garbage
 * collection hit all of them alike.
 */
async function timeInterleaved(
  queries: Timed,
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(queries)) samples[name] = [];
  for (let i = 0; i < 20; i += 1) {
    for (const run of Object.values(queries)) await run();
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < ITERATIONS_PER_ROUND; i += 1) {
      for (const [name, run] of Object.entries(queries)) {
        const start = performance.now();
        await run();
        samples[name]?.push(performance.now() - start);
      }
    }
  }
  return samples;
}

type BenchStore = ReturnType<typeof createSqliteStore>;

/** Walks DEEP_ROWS rows by cursor and returns the cursor of the next page. */
async function deepCursorOf(
  store: BenchStore,
  query: FleetQuery,
): Promise<string> {
  let cursor: string | null = null;
  for (let rows = 0; rows < DEEP_ROWS; rows += PAGE_SIZE) {
    const page = await store.profiles.queryFleet(ORGANIZATION_ID, {
      ...query,
      cursor,
    });
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  if (!cursor) {
    throw new Error(
      `The query ${JSON.stringify(query)} matches fewer than ${DEEP_ROWS} rows: seed more profiles.`,
    );
  }
  return cursor;
}

/** Prepares the statements the store runs for one page, to time them raw. */
function rawStatements(store: BenchStore, query: FleetQuery) {
  const statements: FleetStatement[] = planFleetStatements(
    store.database,
    ORGANIZATION_ID,
    query,
    {
      sortColumn: query.sort === "iccid" ? "iccid" : "updated_at",
      descending: query.direction === "desc",
      rowLimit: query.limit + 1,
    },
    queryFingerprint(fleetFingerprintParts(ORGANIZATION_ID, query)),
  );
  return statements.map((statement) => ({
    ...statement,
    prepared: store.database.prepare(statement.sql),
    plan: store.database
      .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
      .all(statement.params)
      .map((row) => (row as { detail: string }).detail),
  }));
}

/** Times one run of the single OR query that served searches before, first page only. */
function timeOrQuery(store: BenchStore, query: FleetQuery): number {
  const { where, params } = buildFleetFilter(ORGANIZATION_ID, query);
  const statement = store.database.prepare(
    `SELECT * FROM profiles WHERE ${where.join(" AND ")}
     ORDER BY updated_at DESC, iccid DESC LIMIT @limit`,
  );
  const start = performance.now();
  statement.all({ ...params, limit: PAGE_SIZE + 1 });
  return Number((performance.now() - start).toFixed(1));
}

function ratio(numerator: number, denominator: number): number {
  return Number((numerator / denominator).toFixed(2));
}

/** Times every search case, first page and (where the matches allow) deep page, store beside raw SQLite. */
async function measureSearches(store: BenchStore) {
  const queries: Timed = {};
  const details = [];
  for (const [index, searchCase] of SEARCH_CASES.entries()) {
    const pages: [string, FleetQuery][] = [["first", searchCase.query]];
    if (searchCase.deep) {
      const cursor = await deepCursorOf(store, searchCase.query);
      pages.push(["deep", { ...searchCase.query, cursor }]);
    }
    const pageDetails: Record<string, unknown> = {};
    for (const [page, query] of pages) {
      const raw = rawStatements(store, query);
      queries[`${index}-${page}-store`] = () =>
        store.profiles.queryFleet(ORGANIZATION_ID, query);
      queries[`${index}-${page}-raw`] = () => {
        for (const statement of raw) statement.prepared.all(statement.params);
      };
      pageDetails[page] = {
        plans: raw.map((statement) => ({
          ...statement.searchPlan,
          queryPlan: statement.plan,
        })),
      };
    }
    details.push({
      name: searchCase.name,
      query: searchCase.query,
      count: await store.profiles.count(ORGANIZATION_ID, searchCase.query),
      singleOrQueryFirstPageMs: timeOrQuery(store, searchCase.query),
      pages: pageDetails,
    });
  }

  const samples = await timeInterleaved(queries);
  return details.map((detail, index) => {
    const timed = (page: string) => {
      const store = summarize(samples[`${index}-${page}-store`] ?? []);
      const rawSqlite = summarize(samples[`${index}-${page}-raw`] ?? []);
      return {
        store,
        rawSqlite,
        medianRatio: ratio(store.medianMs, rawSqlite.medianMs),
        p95Ratio: ratio(store.p95Ms, rawSqlite.p95Ms),
      };
    };
    const first = timed("first");
    const deep = detail.pages.deep ? timed("deep") : null;
    return {
      ...detail,
      firstPage: first,
      deepPage: deep && {
        ...deep,
        medianVersusFirstPage: ratio(deep.store.medianMs, first.store.medianMs),
      },
    };
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "nexorasim-bench-"));
  const file = REUSED_DATABASE ?? path.join(dir, "fleet.db");
  const store = createSqliteStore({
    path: file,
    encryptionKey: Buffer.alloc(32, 9),
  });

  try {
    const now = Date.UTC(2026, 11, 1);
    const seedStart = performance.now();
    let written = await store.profiles.count(ORGANIZATION_ID);
    const reused = written > 0;
    for (const batch of reused
      ? []
      : demoProfileBatches({
          organizationId: ORGANIZATION_ID,
          issuer: 1,
          count: PROFILE_COUNT,
          batchSize: 5000,
          now,
        })) {
      written += store.profiles.insertBatch(batch);
      if (written % 100_000 === 0) {
        console.log(`seeded ${written} profiles, peak RSS ${peakRssMb()} MB`);
      }
    }
    if (written !== PROFILE_COUNT) {
      throw new Error(
        `The database holds ${written} profiles, not ${PROFILE_COUNT}: set BENCH_PROFILES or seed a new file.`,
      );
    }
    // Statistics (sqlite_stat1, and sqlite_stat4 where compiled in) as an
    // operator would gather them after a bulk load.
    store.database.exec("ANALYZE");
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const seedPeakRssMb = peakRssMb();
    // Moves the WAL into the main file, so its size covers every page.
    store.database.pragma("wal_checkpoint(TRUNCATE)");
    const databaseMb = Math.round(statSync(file).size / 1_000_000);

    const query: FleetQuery = {
      carrierId: "carrier-b",
      sort: "updatedAt",
      direction: "desc",
      limit: PAGE_SIZE,
    };
    const rawFirst = store.database.prepare(
      `SELECT * FROM profiles WHERE organization_id = ? AND carrier_id = ?
       ORDER BY updated_at DESC, iccid DESC LIMIT ?`,
    );
    const rawDeep = store.database.prepare(
      `SELECT * FROM profiles WHERE organization_id = ? AND carrier_id = ?
         AND (updated_at, iccid) < (?, ?)
       ORDER BY updated_at DESC, iccid DESC LIMIT ?`,
    );

    // Walk 10 000 rows by cursor; the deep page is then timed on its own.
    let cursor: string | null = null;
    let lastRow: { updatedAt: string; iccid: string } | null = null;
    for (let rows = 0; rows < DEEP_ROWS; rows += PAGE_SIZE) {
      const page = await store.profiles.queryFleet(ORGANIZATION_ID, {
        ...query,
        cursor,
      });
      cursor = page.nextCursor;
      const last = page.items[page.items.length - 1];
      if (last) lastRow = { updatedAt: last.updatedAt, iccid: last.iccid };
    }
    if (!cursor || !lastRow)
      throw new Error("The data set has fewer than 10 000 matching rows.");
    const deepCursor = cursor;
    const deepRow = lastRow;
    const deepPage = await store.profiles.queryFleet(ORGANIZATION_ID, {
      ...query,
      cursor: deepCursor,
    });
    if (deepPage.items.length < PAGE_SIZE) {
      throw new Error(
        `The page ${DEEP_ROWS} rows deep is not full (${deepPage.items.length} rows): seed more profiles.`,
      );
    }

    const samples = await timeInterleaved({
      firstStore: () => store.profiles.queryFleet(ORGANIZATION_ID, query),
      firstRaw: () => rawFirst.all(ORGANIZATION_ID, "carrier-b", PAGE_SIZE + 1),
      deepStore: () =>
        store.profiles.queryFleet(ORGANIZATION_ID, {
          ...query,
          cursor: deepCursor,
        }),
      deepRaw: () =>
        rawDeep.all(
          ORGANIZATION_ID,
          "carrier-b",
          deepRow.updatedAt,
          deepRow.iccid,
          PAGE_SIZE + 1,
        ),
    });

    const plan = store.database
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM profiles WHERE organization_id = ? AND carrier_id = ?
         AND (updated_at, iccid) < (?, ?) ORDER BY updated_at DESC, iccid DESC LIMIT ?`,
      )
      .all(ORGANIZATION_ID, "carrier-b", deepRow.updatedAt, deepRow.iccid, 51)
      .map((row) => (row as { detail: string }).detail);

    console.log("timing searches");
    const searches = await measureSearches(store);

    const firstStore = summarize(samples.firstStore ?? []);
    const firstRaw = summarize(samples.firstRaw ?? []);
    const deepStore = summarize(samples.deepStore ?? []);
    const deepRaw = summarize(samples.deepRaw ?? []);
    const result = {
      benchmark: "fleet-query",
      date: new Date().toISOString(),
      machine: "2 shared vCPUs, Node.js " + process.version,
      profiles: PROFILE_COUNT,
      pageSize: PAGE_SIZE,
      deepRows: DEEP_ROWS,
      query: "carrierId = carrier-b, sort updatedAt desc",
      samplesPerQuery: ROUNDS * ITERATIONS_PER_ROUND,
      seed: reused
        ? null
        : {
            seconds: Number(seedSeconds.toFixed(1)),
            profilesPerSecond: Math.round(PROFILE_COUNT / seedSeconds),
            peakRssMb: seedPeakRssMb,
          },
      firstPage: {
        store: firstStore,
        rawSqlite: firstRaw,
        medianRatio: Number(
          (firstStore.medianMs / firstRaw.medianMs).toFixed(2),
        ),
      },
      deepPage: {
        store: deepStore,
        rawSqlite: deepRaw,
        medianRatio: Number((deepStore.medianMs / deepRaw.medianMs).toFixed(2)),
        medianVersusFirstPage: Number(
          (deepStore.medianMs / firstStore.medianMs).toFixed(2),
        ),
      },
      queryPlan: plan,
      searches,
      databaseMb,
      peakRssMb: peakRssMb(),
      targets: {
        p95UnderMs: 20,
        deepPageAtMostTimesFirst: 2,
        seedPeakRssUnderMb: 1024,
      },
    };

    const output = path.join(
      import.meta.dirname,
      "results",
      "fleet-query.json",
    );
    writeFileSync(output, JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
