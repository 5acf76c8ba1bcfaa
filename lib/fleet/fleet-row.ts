import type { Profile } from "@/lib/store/types";

/**
 * One row of the fleet table: what the browser receives for each profile.
 * Activation codes, owner e-mail addresses and IMEIs stay on the server.
 */
export type FleetRow = Pick<
  Profile,
  | "iccid"
  | "eid"
  | "carrierId"
  | "profileType"
  | "smdpState"
  | "portalStatus"
  | "deviceName"
  | "owner"
  | "group"
  | "updatedAt"
>;

export function fleetRowOf(profile: Profile): FleetRow {
  return {
    iccid: profile.iccid,
    eid: profile.eid,
    carrierId: profile.carrierId,
    profileType: profile.profileType,
    smdpState: profile.smdpState,
    portalStatus: profile.portalStatus,
    deviceName: profile.deviceName,
    owner: profile.owner,
    group: profile.group,
    updatedAt: profile.updatedAt,
  };
}

/** A carrier as the fleet filters and the provision form list it. */
export interface CarrierOption {
  id: string;
  name: string;
  profileTypes: string[];
}
