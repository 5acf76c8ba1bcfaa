import { randomUUID } from "node:crypto";

import type { Metadata } from "next";
import Link from "next/link";

import { ProvisionForm } from "@/components/fleet/provision-form";
import { ErrorState } from "@/components/ui/states";
import { requirePageSession } from "@/lib/auth/guards";
import { listCarrierOptions } from "@/lib/fleet/load-fleet-page";

export const metadata: Metadata = { title: "Provision a profile" };

export default async function ProvisionPage() {
  await requirePageSession("profile.provision");
  const carriers = listCarrierOptions();
  // One key per render: a double submit of this form stores one operation.
  const idempotencyKey = randomUUID();

  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/fleet" className="text-sm text-brand-700 underline">
          Back to the fleet
        </Link>
        <h1 className="text-2xl font-semibold text-brand-900">
          Provision a profile
        </h1>
        <p className="text-sm text-slate-600">
          The portal orders the profile from the carrier&apos;s SM-DP+
          (DownloadOrder, ConfirmOrder, ReleaseProfile) and shows the progress
          and the activation code.
        </p>
      </div>
      {carriers.length === 0 ? (
        <ErrorState title="No carriers are configured">
          The carrier file could not be read or lists no carriers. Ask an
          administrator to check the portal&apos;s carrier configuration.
        </ErrorState>
      ) : (
        <ProvisionForm
          key={idempotencyKey}
          carriers={carriers}
          idempotencyKey={idempotencyKey}
        />
      )}
    </main>
  );
}
