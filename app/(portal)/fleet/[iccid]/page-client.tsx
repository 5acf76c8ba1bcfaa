"use client";

import Link from "next/link";

import { ActivationCodePanel } from "@/components/fleet/activation-code-panel";
import { ProfileDetails } from "@/components/fleet/profile-details";
import { ProfileTimeline } from "@/components/fleet/profile-timeline";
import { RevokeForm } from "@/components/fleet/revoke-form";
import { TransferForm } from "@/components/fleet/transfer-form";
import type { ProfilePageData } from "@/lib/fleet/load-profile-page";

export function ProfilePageClient({
  data,
  carrierName,
  controls,
}: {
  data: ProfilePageData;
  carrierName: string;
  /** Idempotency keys of the forms the user may submit; null hides one. */
  controls: {
    transferKey: string | null;
    revokeKey: string | null;
    /** Why a control the user's role allows is not offered. */
    notice: string | null;
  };
}) {
  const { profile } = data;
  const hasControls =
    controls.transferKey !== null ||
    controls.revokeKey !== null ||
    controls.notice !== null;

  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/fleet" className="text-sm text-brand-700 underline">
          Back to the fleet
        </Link>
        <h1 className="text-2xl font-semibold text-brand-900">
          Profile <span className="font-mono">{profile.iccid}</span>
        </h1>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileDetails profile={profile} carrierName={carrierName} />
        {profile.activation ? (
          <ActivationCodePanel
            activation={profile.activation}
            confirmationCodeRequired={profile.confirmationCodeRequired}
          />
        ) : null}
      </div>

      {hasControls ? (
        <section
          aria-labelledby="profile-actions"
          className="grid gap-6 rounded-md border border-slate-200 bg-white p-4 lg:grid-cols-2"
        >
          <h2 id="profile-actions" className="text-lg font-medium lg:col-span-2">
            Change this profile
          </h2>
          {controls.notice ? (
            <p
              data-testid="profile-controls-notice"
              className="text-sm text-slate-700 lg:col-span-2"
            >
              {controls.notice}
            </p>
          ) : null}
          {controls.transferKey ? (
            <TransferForm
              key={controls.transferKey}
              iccid={profile.iccid}
              idempotencyKey={controls.transferKey}
            />
          ) : null}
          {controls.revokeKey ? (
            <RevokeForm
              key={controls.revokeKey}
              iccid={profile.iccid}
              idempotencyKey={controls.revokeKey}
            />
          ) : null}
        </section>
      ) : null}

      <ProfileTimeline entries={data.timeline} />
    </main>
  );
}
