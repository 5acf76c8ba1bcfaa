// SM-DP+ profile states and the ES2+ and device events that move a profile
// between them, as SGP.22 v2.2 describes them for ES2+.
import { InvalidStateTransitionError } from "./errors";

/** The nine SM-DP+ profile states, in lifecycle order. */
export const SMDP_STATES = [
  "Available",
  "Allocated",
  "Linked",
  "Confirmed",
  "Released",
  "Downloaded",
  "Installed",
  "Error",
  "Unavailable",
] as const;

/** SM-DP+ profile state; the same union as `SmdpState` in lib/store. */
export type SmdpState = (typeof SMDP_STATES)[number];

/** `finalProfileStatusIndicator` of CancelOrder. */
export type FinalProfileStatusIndicator = "Available" | "Unavailable";

/**
 * Event that can change a profile's SM-DP+ state: an ES2+ function called
 * by the operator, or a device step that the SM-DP+ reports. The device
 * steps are "download" of the bound profile package, "install" on the
 * eUICC, and "failure" for eligibility failures, retry limits and end-user
 * rejection.
 */
export type SmdpEvent =
  | { type: "DownloadOrder"; withEid: boolean }
  | { type: "ConfirmOrder"; releaseFlag: boolean }
  | { type: "ReleaseProfile" }
  | {
      type: "CancelOrder";
      finalProfileStatusIndicator: FinalProfileStatusIndicator;
    }
  | { type: "download" }
  | { type: "install" }
  | { type: "failure" };

/** Every distinct event, for tables and for {@link allowedEvents}. */
export const SMDP_EVENTS: readonly SmdpEvent[] = [
  { type: "DownloadOrder", withEid: true },
  { type: "DownloadOrder", withEid: false },
  { type: "ConfirmOrder", releaseFlag: false },
  { type: "ConfirmOrder", releaseFlag: true },
  { type: "ReleaseProfile" },
  { type: "CancelOrder", finalProfileStatusIndicator: "Available" },
  { type: "CancelOrder", finalProfileStatusIndicator: "Unavailable" },
  { type: "download" },
  { type: "install" },
  { type: "failure" },
];

const CANCELLABLE: readonly SmdpState[] = [
  "Allocated",
  "Linked",
  "Confirmed",
  "Released",
  "Error",
];

/**
 * Describe an event in words for messages and logs.
 *
 * @param event - the event
 * @example
 * describeSmdpEvent({ type: "ConfirmOrder", releaseFlag: true })
 * // "ConfirmOrder with releaseFlag true"
 */
export function describeSmdpEvent(event: SmdpEvent): string {
  switch (event.type) {
    case "DownloadOrder":
      return event.withEid
        ? "DownloadOrder with EID"
        : "DownloadOrder without EID";
    case "ConfirmOrder":
      return `ConfirmOrder with releaseFlag ${event.releaseFlag}`;
    case "CancelOrder":
      return `CancelOrder to ${event.finalProfileStatusIndicator}`;
    case "ReleaseProfile":
      return "ReleaseProfile";
    case "download":
      return "device download";
    case "install":
      return "device installation";
    case "failure":
      return "download failure";
  }
}

/**
 * Compute the SM-DP+ state a profile reaches when an event happens in a
 * given state. ReleaseProfile on a Released profile succeeds and leaves it
 * Released, because releasing twice is a success with no effect.
 *
 * @param from - the current state
 * @param event - the ES2+ function or device step
 * @returns the new state
 * @throws InvalidStateTransitionError when the SM-DP+ would reject the
 *   event, carrying the subject and reason codes it would answer with
 * @example
 * nextSmdpState("Linked", { type: "ConfirmOrder", releaseFlag: true })
 * // "Released"
 */
export function nextSmdpState(from: SmdpState, event: SmdpEvent): SmdpState {
  const next = transition(from, event);
  if (next === null) {
    throw new InvalidStateTransitionError(
      from,
      event,
      describeSmdpEvent(event),
    );
  }

  return next;
}

/**
 * Test whether an event is allowed in a state.
 *
 * @param from - the current state
 * @param event - the ES2+ function or device step
 * @example
 * canTransition("Installed", {
 *   type: "CancelOrder",
 *   finalProfileStatusIndicator: "Available",
 * }) // false
 */
export function canTransition(from: SmdpState, event: SmdpEvent): boolean {
  return transition(from, event) !== null;
}

/**
 * List the events of {@link SMDP_EVENTS} that are allowed in a state.
 *
 * @param from - the current state
 * @example
 * allowedEvents("Confirmed").map((event) => event.type)
 * // ["ReleaseProfile", "CancelOrder", "CancelOrder"]
 */
export function allowedEvents(from: SmdpState): SmdpEvent[] {
  return SMDP_EVENTS.filter((event) => canTransition(from, event));
}

// Returns null for a transition the SM-DP+ rejects.
function transition(from: SmdpState, event: SmdpEvent): SmdpState | null {
  switch (event.type) {
    case "DownloadOrder":
      if (from !== "Available") {
        return null;
      }
      return event.withEid ? "Linked" : "Allocated";

    case "ConfirmOrder":
      if (from !== "Allocated" && from !== "Linked") {
        return null;
      }
      return event.releaseFlag ? "Released" : "Confirmed";

    case "ReleaseProfile":
      return from === "Confirmed" || from === "Released" ? "Released" : null;

    case "CancelOrder":
      return CANCELLABLE.includes(from)
        ? event.finalProfileStatusIndicator
        : null;

    case "download":
      return from === "Released" ? "Downloaded" : null;

    case "install":
      return from === "Downloaded" ? "Installed" : null;

    case "failure":
      return from === "Released" || from === "Downloaded" ? "Error" : null;
  }
}
