import type { ProfileView } from "@/lib/fleet/load-profile-page";

import { PortalStatusBadge, SmdpStateBadge } from "./status-badges";
import { Timestamp } from "./timestamp";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{term}</dt>
      <dd className="break-all">{children}</dd>
    </>
  );
}

function Mono({ value }: { value: string | null }) {
  return value ? <span className="font-mono">{value}</span> : <span>—</span>;
}

export function ProfileDetails({
  profile,
  carrierName,
}: {
  profile: ProfileView;
  carrierName: string;
}) {
  return (
    <section aria-labelledby="profile-details" className="rounded-md border border-slate-200 bg-white p-4">
      <h2 id="profile-details" className="mb-3 text-lg font-medium">
        Profile
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <Item term="ICCID">
          <Mono value={profile.iccid} />
        </Item>
        <Item term="EID">
          <Mono value={profile.eid} />
        </Item>
        <Item term="IMEI">
          <Mono value={profile.imei} />
        </Item>
        <Item term="Device name">{profile.deviceName ?? "—"}</Item>
        <Item term="Owner">{profile.owner ?? "—"}</Item>
        <Item term="Group">{profile.group ?? "—"}</Item>
        <Item term="Carrier">{carrierName}</Item>
        <Item term="Profile type">{profile.profileType}</Item>
        <Item term="SM-DP+ state">
          <SmdpStateBadge state={profile.smdpState} />
        </Item>
        <Item term="Portal status">
          <PortalStatusBadge status={profile.portalStatus} />
        </Item>
        <Item term="Confirmation code">
          {profile.confirmationCodeRequired ? "Required" : "Not required"}
        </Item>
        <Item term="Created">
          <Timestamp iso={profile.createdAt} />
        </Item>
        <Item term="Last change">
          <Timestamp iso={profile.updatedAt} />
        </Item>
      </dl>
    </section>
  );
}
