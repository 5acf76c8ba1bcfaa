import { describe, expect, expectTypeOf, it } from "vitest";

import { InvalidStateTransitionError } from "@/lib/esim/errors";
import {
  SMDP_EVENTS,
  SMDP_STATES,
  allowedEvents,
  canTransition,
  describeSmdpEvent,
  nextSmdpState,
  type SmdpEvent,
  type SmdpState,
} from "@/lib/esim/profile-state";
import type { SmdpState as StoredSmdpState } from "@/lib/store/types";

import { thrownBy } from "./thrown-by";

type EventName =
  | "DownloadOrder+EID"
  | "DownloadOrder-EID"
  | "ConfirmOrder release=false"
  | "ConfirmOrder release=true"
  | "ReleaseProfile"
  | "CancelOrder Available"
  | "CancelOrder Unavailable"
  | "download"
  | "install"
  | "failure";

const EVENTS: Record<EventName, SmdpEvent> = {
  "DownloadOrder+EID": { type: "DownloadOrder", withEid: true },
  "DownloadOrder-EID": { type: "DownloadOrder", withEid: false },
  "ConfirmOrder release=false": { type: "ConfirmOrder", releaseFlag: false },
  "ConfirmOrder release=true": { type: "ConfirmOrder", releaseFlag: true },
  ReleaseProfile: { type: "ReleaseProfile" },
  "CancelOrder Available": {
    type: "CancelOrder",
    finalProfileStatusIndicator: "Available",
  },
  "CancelOrder Unavailable": {
    type: "CancelOrder",
    finalProfileStatusIndicator: "Unavailable",
  },
  download: { type: "download" },
  install: { type: "install" },
  failure: { type: "failure" },
};

// A state is the outcome of an allowed event. "3.3" and "3.5" are the
// reason codes (subject 8.2.1) of a rejected one.
type Outcome = SmdpState | "3.3" | "3.5";

const REJECTED_EXCEPT_CANCEL: Record<EventName, Outcome> = {
  "DownloadOrder+EID": "3.3",
  "DownloadOrder-EID": "3.3",
  "ConfirmOrder release=false": "3.5",
  "ConfirmOrder release=true": "3.5",
  ReleaseProfile: "3.5",
  "CancelOrder Available": "Available",
  "CancelOrder Unavailable": "Unavailable",
  download: "3.5",
  install: "3.5",
  failure: "3.5",
};

const EXPECTED: Record<SmdpState, Record<EventName, Outcome>> = {
  Available: {
    "DownloadOrder+EID": "Linked",
    "DownloadOrder-EID": "Allocated",
    "ConfirmOrder release=false": "3.5",
    "ConfirmOrder release=true": "3.5",
    ReleaseProfile: "3.5",
    "CancelOrder Available": "3.5",
    "CancelOrder Unavailable": "3.5",
    download: "3.5",
    install: "3.5",
    failure: "3.5",
  },
  Allocated: {
    ...REJECTED_EXCEPT_CANCEL,
    "ConfirmOrder release=false": "Confirmed",
    "ConfirmOrder release=true": "Released",
  },
  Linked: {
    ...REJECTED_EXCEPT_CANCEL,
    "ConfirmOrder release=false": "Confirmed",
    "ConfirmOrder release=true": "Released",
  },
  Confirmed: {
    ...REJECTED_EXCEPT_CANCEL,
    ReleaseProfile: "Released",
  },
  Released: {
    ...REJECTED_EXCEPT_CANCEL,
    ReleaseProfile: "Released",
    download: "Downloaded",
    failure: "Error",
  },
  Downloaded: {
    ...REJECTED_EXCEPT_CANCEL,
    "CancelOrder Available": "3.3",
    "CancelOrder Unavailable": "3.3",
    install: "Installed",
    failure: "Error",
  },
  Installed: {
    ...REJECTED_EXCEPT_CANCEL,
    "CancelOrder Available": "3.3",
    "CancelOrder Unavailable": "3.3",
  },
  Error: { ...REJECTED_EXCEPT_CANCEL },
  Unavailable: {
    ...REJECTED_EXCEPT_CANCEL,
    "CancelOrder Available": "3.5",
    "CancelOrder Unavailable": "3.5",
  },
};

const CASES = SMDP_STATES.flatMap((state) =>
  (Object.keys(EVENTS) as EventName[]).map((name) => ({
    state,
    name,
    outcome: EXPECTED[state][name],
  })),
);
const ALLOWED = CASES.filter(({ outcome }) => !outcome.startsWith("3."));
const REJECTED = CASES.filter(({ outcome }) => outcome.startsWith("3."));

describe("SMDP_STATES", () => {
  it("lists the nine SGP.22 states", () => {
    expect(SMDP_STATES).toEqual([
      "Available",
      "Allocated",
      "Linked",
      "Confirmed",
      "Released",
      "Downloaded",
      "Installed",
      "Error",
      "Unavailable",
    ]);
  });

  it("matches the store's state type", () => {
    expectTypeOf<SmdpState>().toEqualTypeOf<StoredSmdpState>();
  });
});

describe("SMDP_EVENTS", () => {
  it("lists every event of the table", () => {
    expect(SMDP_EVENTS).toEqual(Object.values(EVENTS));
  });
});

describe("nextSmdpState", () => {
  it.each(ALLOWED)("moves $state on $name", ({ state, name, outcome }) => {
    expect(nextSmdpState(state, EVENTS[name])).toBe(outcome);
  });

  it.each(REJECTED)("rejects $name in $state", ({ state, name }) => {
    const error = thrownBy(() => nextSmdpState(state, EVENTS[name]));
    expect(error).toBeInstanceOf(InvalidStateTransitionError);
  });

  it.each(REJECTED)(
    "answers $outcome for $name in $state",
    ({ state, name, outcome }) => {
      const error = thrownBy(() => nextSmdpState(state, EVENTS[name]));
      expect(error).toHaveProperty("reasonCode", outcome);
    },
  );

  it("uses subject code 8.2.1", () => {
    const error = thrownBy(() =>
      nextSmdpState("Available", { type: "ReleaseProfile" }),
    );
    expect(error).toHaveProperty("subjectCode", "8.2.1");
  });

  it("uses stable error code", () => {
    const error = thrownBy(() =>
      nextSmdpState("Available", { type: "ReleaseProfile" }),
    );
    expect(error).toHaveProperty("code", "INVALID_STATE_TRANSITION");
  });

  it("carries the source state", () => {
    const error = thrownBy(() =>
      nextSmdpState("Installed", { type: "download" }),
    );
    expect(error).toHaveProperty("from", "Installed");
  });

  it("carries the rejected event", () => {
    const error = thrownBy(() =>
      nextSmdpState("Installed", { type: "download" }),
    );
    expect(error).toHaveProperty("event", { type: "download" });
  });

  it("names state and event in message", () => {
    const error = thrownBy(() =>
      nextSmdpState("Installed", EVENTS["CancelOrder Available"]),
    );
    expect((error as Error).message).toContain(
      "CancelOrder to Available is not allowed on a profile in SM-DP+ " +
        "state Installed",
    );
  });

  it("releases twice without effect", () => {
    const once = nextSmdpState("Confirmed", { type: "ReleaseProfile" });
    expect(nextSmdpState(once, { type: "ReleaseProfile" })).toBe("Released");
  });
});

describe("canTransition", () => {
  it.each(CASES)("decides $name in $state", ({ state, name, outcome }) => {
    expect(canTransition(state, EVENTS[name])).toBe(!outcome.startsWith("3."));
  });
});

describe("allowedEvents", () => {
  it.each(SMDP_STATES)("lists allowed events in %s", (state) => {
    const expected = ALLOWED.filter((row) => row.state === state).map(
      (row) => EVENTS[row.name],
    );
    expect(allowedEvents(state)).toEqual(expected);
  });

  it("allows nothing in Installed", () => {
    expect(allowedEvents("Installed")).toEqual([]);
  });
});

describe("describeSmdpEvent", () => {
  it("names DownloadOrder with EID", () => {
    expect(describeSmdpEvent(EVENTS["DownloadOrder+EID"])).toBe(
      "DownloadOrder with EID",
    );
  });

  it("names ConfirmOrder release flag", () => {
    expect(describeSmdpEvent(EVENTS["ConfirmOrder release=true"])).toBe(
      "ConfirmOrder with releaseFlag true",
    );
  });
});
