import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { OperationCard } from "@/components/fleet/operation-card";
import { requirePageSession } from "@/lib/auth/guards";
import { operationViewOf } from "@/lib/fleet/operation-view";
import { getStore } from "@/lib/store";

export const metadata: Metadata = { title: "Operation" };

const OPERATION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export default async function OperationPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const session = await requirePageSession("fleet.read");
  const { id } = await params;
  if (!OPERATION_ID.test(id)) notFound();

  const store = await getStore();
  const operation = await store.operations.get(session.organizationId, id);
  if (!operation) notFound();

  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/fleet" className="text-sm text-brand-700 underline">
          Back to the fleet
        </Link>
        <h1 className="text-2xl font-semibold text-brand-900">Operation</h1>
        <p className="text-sm text-slate-600">
          This page follows the operation while the worker runs it. The
          profile link appears once the carrier has returned the ICCID.
        </p>
      </div>
      <OperationCard initial={operationViewOf(operation)} showProfileLink />
    </main>
  );
}
