// Deterministic demo profiles: the n-th profile of an organization is always
// the same, so generators can stream millions without keeping them.

import { luhnCheckDigit } from "@/lib/esim/luhn";
import type { NewProfile, PortalStatus, SmdpState } from "@/lib/store";

export const DEMO_CARRIER_IDS = [
  "carrier-a",
  "carrier-b",
  "carrier-c",
] as const;

const GROUPS = ["field-sales", "warehouse", "fleet-ops", "executive", "lab"];
const FIRST_NAMES = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Tim",
  "Hedy",
  "John",
  "Sophie",
];
const LAST_NAMES = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Berners-Lee",
  "Lamarr",
  "Backus",
  "Wilson",
];
const DEVICE_KINDS = ["Laptop", "Tablet", "Phone", "Router", "Tracker"];

/** State mix of an established fleet: mostly installed, some in flight. */
const STATES: {
  smdpState: SmdpState;
  portalStatus: PortalStatus;
  weight: number;
}[] = [
  { smdpState: "Installed", portalStatus: "Active", weight: 70 },
  { smdpState: "Released", portalStatus: "Active", weight: 8 },
  { smdpState: "Downloaded", portalStatus: "Active", weight: 4 },
  { smdpState: "Confirmed", portalStatus: "Ordering", weight: 3 },
  { smdpState: "Linked", portalStatus: "Ordering", weight: 3 },
  { smdpState: "Installed", portalStatus: "Transferring", weight: 2 },
  { smdpState: "Error", portalStatus: "Failed", weight: 3 },
  { smdpState: "Available", portalStatus: "Revoked", weight: 4 },
  { smdpState: "Unavailable", portalStatus: "Retired", weight: 3 },
];
const STATE_WEIGHT_TOTAL = STATES.reduce((sum, state) => sum + state.weight, 0);

/** Multiplicative hash, so neighbouring `n` get unrelated attributes. */
function scramble(n: number, salt: number): number {
  return Math.imul((n + 1) ^ salt, 2654435761) >>> 0;
}

function pick<T>(values: readonly T[], n: number, salt: number): T {
  return values[scramble(n, salt) % values.length] as T;
}

/** Builds a Luhn-valid 19-digit ICCID in the demo issuer range, unique per `n` and `issuer`. */
export function demoIccid(issuer: number, n: number): string {
  const payload = `8988${String(issuer).padStart(2, "0")}${String(n).padStart(12, "0")}`;
  return payload + String(luhnCheckDigit(payload));
}

/** Builds a 32-digit EID with valid ISO 7064 MOD 97-10 check digits. */
export function demoEid(n: number): string {
  const first30 = `890490321234512345${String(n).padStart(12, "0")}`;
  const check = 98 - Number(BigInt(first30 + "00") % 97n);
  return first30 + String(check).padStart(2, "0");
}

export function demoProfile(options: {
  organizationId: string;
  issuer: number;
  n: number;
  /** Newest `updatedAt`; older profiles go back one minute each. */
  now: number;
}): NewProfile {
  const { organizationId, issuer, n, now } = options;
  let roll = scramble(n, 7) % STATE_WEIGHT_TOTAL;
  const state =
    STATES.find((candidate) => (roll -= candidate.weight) < 0) ?? STATES[0]!;
  const first = pick(FIRST_NAMES, n, 11);
  const last = pick(LAST_NAMES, n, 13);
  const deviceKind = pick(DEVICE_KINDS, n, 17);
  const hasDevice =
    state.smdpState !== "Available" && state.smdpState !== "Unavailable";
  const carrierId = pick(DEMO_CARRIER_IDS, n, 19);
  const iccid = demoIccid(issuer, n);
  const updatedAt = new Date(
    now - (scramble(n, 23) % 90) * 86_400_000 - n * 1000,
  );
  const createdAt = new Date(
    updatedAt.getTime() - (scramble(n, 29) % 365) * 86_400_000,
  );
  const released = ["Released", "Downloaded", "Installed"].includes(
    state.smdpState,
  );

  return {
    organizationId,
    iccid,
    eid: hasDevice ? demoEid(issuer * 10_000_000 + n) : null,
    carrierId,
    profileType: scramble(n, 31) % 4 === 0 ? "iot-data" : "standard",
    smdpState: state.smdpState,
    portalStatus: state.portalStatus,
    matchingId: released ? `DEMO-${String(n).padStart(8, "0")}` : null,
    activationCode: released
      ? `1$smdp.${carrierId}.example$DEMO-${String(n).padStart(8, "0")}`
      : null,
    confirmationCodeRequired: false,
    deviceName: hasDevice
      ? `${organizationId}-${deviceKind}-${String(n).padStart(6, "0")}`
      : null,
    imei: null,
    owner: hasDevice ? `${first} ${last}` : null,
    ownerEmail: hasDevice
      ? `${first}.${last}@${organizationId}.example`.toLowerCase()
      : null,
    group: pick(GROUPS, n, 37),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/** Yields profiles 0 .. count-1 in batches, never holding more than one batch. */
export function* demoProfileBatches(options: {
  organizationId: string;
  issuer: number;
  count: number;
  batchSize: number;
  now: number;
}): Generator<NewProfile[]> {
  for (let start = 0; start < options.count; start += options.batchSize) {
    const end = Math.min(options.count, start + options.batchSize);
    const batch: NewProfile[] = [];
    for (let n = start; n < end; n += 1) {
      batch.push(demoProfile({ ...options, n }));
    }
    yield batch;
  }
}
