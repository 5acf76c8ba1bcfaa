// The simulated SM-DP+'s profiles: generated Luhn-valid ICCIDs per profile
// type, their SM-DP+ state, and the order data bound to them.
import {
  luhnCheckDigit,
  nextSmdpState,
  type SmdpEvent,
  type SmdpState,
} from "@/lib/esim";

export interface SimulatedProfile {
  iccid: string;
  profileType: string;
  state: SmdpState;
  eid: string | null;
  matchingId: string | null;
  /** Whether ConfirmOrder set a confirmation code; the code is not kept. */
  confirmationCodeSet: boolean;
  smdsAddress: string | null;
}

const ICCID_PAYLOAD_DIGITS = 18;

// FNV-1a, to derive a stable 3-digit issuer number from the carrier id so
// that carriers in one process do not share ICCIDs.
function issuerDigits(carrierId: string): string {
  let hash = 0x811c9dc5;
  for (const character of carrierId) {
    hash ^= character.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(hash % 1000).padStart(3, "0");
}

/** Builds a 19-digit ICCID: prefix, type index, serial, Luhn digit. */
function buildIccid(prefix: string, typeIndex: number, serial: number): string {
  const serialDigits = ICCID_PAYLOAD_DIGITS - prefix.length - 2;
  const payload =
    prefix +
    String(typeIndex).padStart(2, "0") +
    String(serial).padStart(serialDigits, "0");
  return payload + String(luhnCheckDigit(payload));
}

export class ProfileInventory {
  private readonly profiles = new Map<string, SimulatedProfile>();
  private readonly available = new Map<string, Set<string>>();
  private readonly byMatchingId = new Map<string, string>();

  constructor(options: {
    carrierId: string;
    profileTypes: { profileType: string; count: number }[];
    iccidPrefix?: string;
  }) {
    const prefix =
      options.iccidPrefix ?? `8999${issuerDigits(options.carrierId)}`;
    options.profileTypes.forEach(({ profileType, count }, typeIndex) => {
      const free = new Set<string>();
      this.available.set(profileType, free);
      for (let serial = 1; serial <= count; serial += 1) {
        const iccid = buildIccid(prefix, typeIndex, serial);
        this.profiles.set(iccid, {
          iccid,
          profileType,
          state: "Available",
          eid: null,
          matchingId: null,
          confirmationCodeSet: false,
          smdsAddress: null,
        });
        free.add(iccid);
      }
    });
  }

  /** Returns the profile with this normalised ICCID. */
  get(iccid: string): SimulatedProfile | undefined {
    return this.profiles.get(iccid);
  }

  hasProfileType(profileType: string): boolean {
    return this.available.has(profileType);
  }

  /** Returns the first Available profile of a type, without reserving it. */
  firstAvailable(profileType: string): SimulatedProfile | undefined {
    const free = this.available.get(profileType);
    const iccid = free?.values().next().value;
    return iccid === undefined ? undefined : this.profiles.get(iccid);
  }

  /** Returns the profile holding a (non-empty) matching ID. */
  findByMatchingId(matchingId: string): SimulatedProfile | undefined {
    const iccid = this.byMatchingId.get(matchingId);
    return iccid === undefined ? undefined : this.profiles.get(iccid);
  }

  setMatchingId(profile: SimulatedProfile, matchingId: string | null): void {
    if (profile.matchingId) {
      this.byMatchingId.delete(profile.matchingId);
    }
    profile.matchingId = matchingId;
    if (matchingId) {
      this.byMatchingId.set(matchingId, profile.iccid);
    }
  }

  /**
   * Moves a profile through the state machine of lib/esim.
   *
   * @throws InvalidStateTransitionError when the event is not allowed
   */
  apply(profile: SimulatedProfile, event: SmdpEvent): SmdpState {
    const next = nextSmdpState(profile.state, event);
    const free = this.available.get(profile.profileType);
    if (next === "Available") {
      free?.add(profile.iccid);
    } else {
      free?.delete(profile.iccid);
    }
    if (next === "Available" || next === "Unavailable") {
      this.setMatchingId(profile, null);
      profile.eid = null;
      profile.confirmationCodeSet = false;
      profile.smdsAddress = null;
    }
    profile.state = next;
    return next;
  }

  /** Copies of all profiles, optionally of one type or in one state. */
  list(
    filter: { profileType?: string; state?: SmdpState } = {},
  ): SimulatedProfile[] {
    return [...this.profiles.values()]
      .filter(
        (profile) =>
          (filter.profileType === undefined ||
            profile.profileType === filter.profileType) &&
          (filter.state === undefined || profile.state === filter.state),
      )
      .map((profile) => ({ ...profile }));
  }

  /** Number of profiles per state, optionally of one profile type. */
  countByState(profileType?: string): Partial<Record<SmdpState, number>> {
    const counts: Partial<Record<SmdpState, number>> = {};
    for (const profile of this.profiles.values()) {
      if (profileType === undefined || profile.profileType === profileType) {
        counts[profile.state] = (counts[profile.state] ?? 0) + 1;
      }
    }
    return counts;
  }
}
