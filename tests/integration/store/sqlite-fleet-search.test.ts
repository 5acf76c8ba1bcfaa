// Fleet search on SQLite against a plain in-memory filter and sort, with
// enough profiles that some prefixes take the dense plan (walk the sort
// index) and others the sparse one (range-scan the prefix index).

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createSqliteStore,
  type FleetQuery,
  type NewProfile,
} from "@/lib/store";
import { queryFingerprint } from "@/lib/store/cursor";
import { fleetFingerprintParts } from "@/lib/store/record-input";
import {
  planFleetStatements,
  SPARSE_RANGE_MAX,
} from "@/lib/store/sqlite/fleet-query";
import { demoIccid, demoProfileBatches } from "@/tools/seed/demo-profiles";

const ORGANIZATION_ID = "search-org";
const PROFILE_COUNT = 6000;

type SearchQuery = Omit<FleetQuery, "cursor">;

/** Checks a profile against `FleetFilter.search`, spelled out over plain objects. */
function matchesSearch(profile: NewProfile, search: string): boolean {
  const term = search.trim().toLowerCase().replace(/f$/, "");
  if (/^\d+$/.test(term)) {
    return (
      profile.iccid.startsWith(term) || (profile.eid ?? "").startsWith(term)
    );
  }
  const text = search.trim().toLowerCase();
  return (
    (profile.deviceName ?? "").toLowerCase().startsWith(text) ||
    (profile.owner ?? "").toLowerCase().startsWith(text)
  );
}

function expectedIccids(profiles: NewProfile[], query: SearchQuery): string[] {
  const sign = query.direction === "desc" ? -1 : 1;
  const key = (profile: NewProfile) =>
    query.sort === "iccid"
      ? profile.iccid
      : `${profile.updatedAt ?? ""}|${profile.iccid}`;
  return profiles
    .filter((profile) => matchesSearch(profile, query.search ?? ""))
    .filter(
      (profile) =>
        query.carrierId === undefined || profile.carrierId === query.carrierId,
    )
    .filter(
      (profile) =>
        query.smdpState === undefined || profile.smdpState === query.smdpState,
    )
    .filter(
      (profile) =>
        query.portalStatus === undefined ||
        profile.portalStatus === query.portalStatus,
    )
    .filter(
      (profile) => query.group === undefined || profile.group === query.group,
    )
    .sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((profile) => profile.iccid);
}

describe("sqlite fleet search plans", () => {
  let store: ReturnType<typeof createSqliteStore>;
  let profiles: NewProfile[];

  async function collectIccids(query: SearchQuery): Promise<string[]> {
    const iccids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.profiles.queryFleet(ORGANIZATION_ID, {
        ...query,
        cursor,
      });
      iccids.push(...page.items.map((profile) => profile.iccid));
      cursor = page.nextCursor;
    } while (cursor);
    return iccids;
  }

  beforeAll(() => {
    store = createSqliteStore({
      path: ":memory:",
      encryptionKey: Buffer.alloc(32, 3),
    });
    profiles = [];
    for (const batch of demoProfileBatches({
      organizationId: ORGANIZATION_ID,
      issuer: 1,
      count: PROFILE_COUNT,
      batchSize: 1000,
      now: Date.UTC(2026, 11, 1),
    })) {
      store.profiles.insertBatch(batch);
      profiles.push(...batch);
    }
    store.database.exec("ANALYZE");
  });

  afterAll(async () => {
    await store.close();
  });

  it("dense prefix exceeds sparse bound", async () => {
    const size = await store.profiles.count(ORGANIZATION_ID, { search: "89" });
    expect(size).toBeGreaterThan(SPARSE_RANGE_MAX);
  });

  it("sparse prefix within sparse bound", async () => {
    const size = await store.profiles.count(ORGANIZATION_ID, {
      search: "898801000000001",
    });
    expect(size).toBeLessThanOrEqual(SPARSE_RANGE_MAX);
  });

  /** EXPLAIN QUERY PLAN lines of each dense statement of a first page. */
  function densePlans(query: SearchQuery): string[][] {
    const statements = planFleetStatements(
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
    return statements
      .filter((statement) => statement.searchPlan?.kind === "dense")
      .map((statement) =>
        store.database
          .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
          .all(statement.params)
          .map((row) => (row as { detail: string }).detail),
      );
  }

  const coveredFilters: [string, SearchQuery, string][] = [
    [
      "no filter",
      {
        search: "search-org-",
        sort: "updatedAt",
        direction: "desc",
        limit: 50,
      },
      "profiles_updated",
    ],
    [
      "carrier",
      {
        search: "search-org-",
        carrierId: "carrier-b",
        sort: "updatedAt",
        direction: "desc",
        limit: 50,
      },
      "profiles_carrier_updated",
    ],
    [
      "state",
      {
        search: "89",
        smdpState: "Installed",
        sort: "updatedAt",
        direction: "desc",
        limit: 50,
      },
      "profiles_state_updated",
    ],
    [
      "portal status",
      {
        search: "search-org-",
        portalStatus: "Active",
        sort: "updatedAt",
        direction: "asc",
        limit: 50,
      },
      "profiles_status_updated",
    ],
    [
      "group",
      {
        search: "89",
        group: "lab",
        sort: "updatedAt",
        direction: "desc",
        limit: 50,
      },
      "profiles_group_updated",
    ],
  ];

  for (const [name, query, index] of coveredFilters) {
    it(`dense walk covered: ${name}`, () => {
      const plans = densePlans(query);
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        expect(plan).toEqual(
          expect.arrayContaining([
            expect.stringContaining(`USING COVERING INDEX ${index} `),
          ]),
        );
      }
    });
  }

  const cases: [string, SearchQuery][] = [
    [
      "dense digits by updatedAt",
      { search: "89", sort: "updatedAt", direction: "desc", limit: 97 },
    ],
    [
      "dense digits with carrier",
      {
        search: "89",
        carrierId: "carrier-b",
        sort: "updatedAt",
        direction: "desc",
        limit: 113,
      },
    ],
    [
      "dense digits by iccid",
      { search: "8988", sort: "iccid", direction: "desc", limit: 200 },
    ],
    [
      "sparse ICCID prefix",
      {
        search: "898801000000001",
        sort: "updatedAt",
        direction: "asc",
        limit: 37,
      },
    ],
    [
      "sparse EID prefix",
      {
        search: "890490321234512345000010001",
        sort: "updatedAt",
        direction: "desc",
        limit: 41,
      },
    ],
    [
      "full ICCID",
      {
        search: demoIccid(1, 4321),
        sort: "updatedAt",
        direction: "desc",
        limit: 50,
      },
    ],
    [
      "dense device name prefix",
      {
        search: "SEARCH-ORG-",
        sort: "updatedAt",
        direction: "desc",
        limit: 150,
      },
    ],
    [
      "sparse owner prefix with carrier",
      {
        search: "Grace L",
        carrierId: "carrier-b",
        sort: "updatedAt",
        direction: "desc",
        limit: 7,
      },
    ],
    [
      "dense device name with group",
      {
        search: "SEARCH-ORG-",
        group: "lab",
        sort: "updatedAt",
        direction: "asc",
        limit: 61,
      },
    ],
    [
      "dense device name with state",
      {
        search: "search-org-",
        smdpState: "Installed",
        sort: "updatedAt",
        direction: "desc",
        limit: 89,
      },
    ],
    [
      "dense digits with portal status",
      {
        search: "89",
        portalStatus: "Ordering",
        sort: "updatedAt",
        direction: "desc",
        limit: 23,
      },
    ],
    [
      "dense device name, two filters",
      {
        search: "search-org-",
        carrierId: "carrier-c",
        group: "warehouse",
        sort: "updatedAt",
        direction: "desc",
        limit: 17,
      },
    ],
    [
      "dense digits by iccid with carrier",
      {
        search: "8988",
        carrierId: "carrier-a",
        sort: "iccid",
        direction: "asc",
        limit: 71,
      },
    ],
    [
      "sparse device name by iccid",
      {
        search: "search-org-laptop-0012",
        sort: "iccid",
        direction: "asc",
        limit: 3,
      },
    ],
  ];

  for (const [name, query] of cases) {
    it(`search pages match reference: ${name}`, async () => {
      const expected = expectedIccids(profiles, query);
      expect(expected.length).toBeGreaterThan(0);
      expect(await collectIccids(query)).toEqual(expected);
    });
  }
});
