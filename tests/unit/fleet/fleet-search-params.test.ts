import { describe, expect, test } from "vitest";

import {
  DEFAULT_FLEET_VIEW,
  FIRST_PAGE_TOKEN,
  MAX_TRAIL_LENGTH,
  fleetQueryOf,
  fleetViewHref,
  fleetViewToSearchParams,
  nextPageView,
  parseFleetSearchParams,
  previousPageView,
  sortedView,
} from "@/lib/fleet/fleet-search-params";

const CURSOR_A = "eyJ2IjoxLCJxIjoiYSJ9";
const CURSOR_B = "eyJ2IjoxLCJxIjoiYiJ9";

describe("parseFleetSearchParams", () => {
  test("empty params give default view", () => {
    const { view, notices } = parseFleetSearchParams({});
    expect(view).toEqual(DEFAULT_FLEET_VIEW);
    expect(notices).toEqual([]);
  });

  test("valid params are all applied", () => {
    const { view, notices } = parseFleetSearchParams({
      q: " 8988 ",
      carrier: "carrier-a",
      state: "Installed",
      status: "Active",
      group: "field",
      sort: "iccid",
      dir: "asc",
      size: "25",
    });
    expect(notices).toEqual([]);
    expect(view.search).toBe("8988");
    expect(view.carrierId).toBe("carrier-a");
    expect(view.smdpState).toBe("Installed");
    expect(view.portalStatus).toBe("Active");
    expect(view.group).toBe("field");
    expect(view.sort).toBe("iccid");
    expect(view.direction).toBe("asc");
    expect(view.size).toBe(25);
  });

  test("invalid state falls back with notice", () => {
    const { view, notices } = parseFleetSearchParams({
      state: "Bogus",
      q: "abc",
    });
    expect(view.smdpState).toBeNull();
    expect(view.search).toBe("abc");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("SM-DP+ state");
  });

  test.each([
    ["sort", "owner"],
    ["dir", "sideways"],
    ["size", "7"],
    ["size", "abc"],
    ["status", "<script>"],
    ["carrier", "carrier a; DROP TABLE"],
    ["q", "x".repeat(65)],
    ["q", "abc\u0000"],
    ["cursor", "not a cursor!"],
  ])("invalid %s value %j adds notice", (name, value) => {
    const { notices } = parseFleetSearchParams({ [name]: value });
    expect(notices).toHaveLength(1);
  });

  test("empty strings count as absent", () => {
    const { view, notices } = parseFleetSearchParams({ q: "", carrier: "" });
    expect(notices).toEqual([]);
    expect(view.search).toBeNull();
  });

  test("repeated parameter uses first value", () => {
    const { view } = parseFleetSearchParams({ state: ["Linked", "Bogus"] });
    expect(view.smdpState).toBe("Linked");
  });

  test("URLSearchParams input is accepted", () => {
    const { view } = parseFleetSearchParams(
      new URLSearchParams("status=Failed&sort=iccid"),
    );
    expect(view.portalStatus).toBe("Failed");
    expect(view.sort).toBe("iccid");
  });

  test("trail without cursor is dropped", () => {
    const { view } = parseFleetSearchParams({ trail: FIRST_PAGE_TOKEN });
    expect(view.trail).toEqual([]);
  });

  test("malformed trail adds notice", () => {
    const { view, notices } = parseFleetSearchParams({
      cursor: CURSOR_A,
      trail: "~.bad cursor",
    });
    expect(view.trail).toEqual([]);
    expect(notices).toHaveLength(1);
  });
});

describe("fleet view paging", () => {
  test("next page pushes first page token", () => {
    const next = nextPageView(DEFAULT_FLEET_VIEW, CURSOR_A);
    expect(next.cursor).toBe(CURSOR_A);
    expect(next.trail).toEqual([FIRST_PAGE_TOKEN]);
  });

  test("previous from second page is first page", () => {
    const second = nextPageView(DEFAULT_FLEET_VIEW, CURSOR_A);
    const previous = previousPageView(second);
    expect(previous?.cursor).toBeNull();
    expect(previous?.trail).toEqual([]);
  });

  test("previous from third page is second", () => {
    const third = nextPageView(
      nextPageView(DEFAULT_FLEET_VIEW, CURSOR_A),
      CURSOR_B,
    );
    const previous = previousPageView(third);
    expect(previous?.cursor).toBe(CURSOR_A);
    expect(previous?.trail).toEqual([FIRST_PAGE_TOKEN]);
  });

  test("previous on first page is null", () => {
    expect(previousPageView(DEFAULT_FLEET_VIEW)).toBeNull();
  });

  test("trail is capped at maximum length", () => {
    let view = DEFAULT_FLEET_VIEW;
    for (let page = 0; page < MAX_TRAIL_LENGTH + 5; page += 1) {
      view = nextPageView(view, page % 2 === 0 ? CURSOR_A : CURSOR_B);
    }
    expect(view.trail).toHaveLength(MAX_TRAIL_LENGTH);
  });

  test("paging survives URL round trip", () => {
    const third = nextPageView(
      nextPageView({ ...DEFAULT_FLEET_VIEW, search: "89" }, CURSOR_A),
      CURSOR_B,
    );
    const { view, notices } = parseFleetSearchParams(
      fleetViewToSearchParams(third),
    );
    expect(notices).toEqual([]);
    expect(view).toEqual(third);
  });

  test("sorting resets paging", () => {
    const second = nextPageView(DEFAULT_FLEET_VIEW, CURSOR_A);
    const sorted = sortedView(second, "iccid", "asc");
    expect(sorted.cursor).toBeNull();
    expect(sorted.trail).toEqual([]);
  });
});

describe("fleetViewHref", () => {
  test("default view has no query", () => {
    expect(fleetViewHref("/fleet", DEFAULT_FLEET_VIEW)).toBe("/fleet");
  });

  test("export link leaves out paging", () => {
    const second = nextPageView(
      { ...DEFAULT_FLEET_VIEW, group: "sales" },
      CURSOR_A,
    );
    expect(
      fleetViewHref("/api/fleet/export", second, { paging: false }),
    ).toBe("/api/fleet/export?group=sales");
  });
});

describe("fleetQueryOf", () => {
  test("leaves unset filters out", () => {
    const query = fleetQueryOf({ ...DEFAULT_FLEET_VIEW, carrierId: "c-1" });
    expect(query).toEqual({
      carrierId: "c-1",
      sort: "updatedAt",
      direction: "desc",
      limit: 50,
      cursor: null,
    });
  });
});
