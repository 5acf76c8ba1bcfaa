// npm run bench:fleet
// Seeds one million demo profiles into a temporary SQLite file. Then it times
// a filtered, sorted first fleet page and a page 10 000 rows deep (reached by
// cursor) through the store, beside the same SQL run directly through
// better-sqlite3 in the same process. Writes bench/results/fleet-query.json.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { createSqliteStore, type FleetQuery } from "@/lib/store";
import { demoProfileBatches } from "@/tools/seed/demo-profiles";

const PROFILE_COUNT = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const PAGE_SIZE = 50;
const DEEP_ROWS = 10_000;
const ROUNDS = 5;
const ITERATIONS_PER_ROUND = 100;
const ORGANIZATION_ID = "bench-org";

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

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "nexorasim-bench-"));
  const file = path.join(dir, "fleet.db");
  const store = createSqliteStore({
    path: file,
    encryptionKey: Buffer.alloc(32, 9),
  });

  try {
    const now = Date.UTC(2026, 11, 1);
    const seedStart = performance.now();
    let written = 0;
    for (const batch of demoProfileBatches({
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
    store.database.exec("ANALYZE");
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const seedPeakRssMb = peakRssMb();

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
      seed: {
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
