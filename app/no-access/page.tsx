import type { Metadata } from "next";
import { connection } from "next/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getPublicAuthSettings } from "@/lib/auth/public-settings";

export const metadata: Metadata = { title: "No access" };

export default async function NoAccessPage() {
  await connection();
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-6 px-6 py-24">
      <h1 className="text-2xl font-semibold text-brand-900">No access</h1>
      <p className="text-slate-700">
        Your account has no role in the NexoraSIM Portal, or no role that allows
        this page. Ask your administrator to assign you the Portal.Admin,
        Portal.Support or Portal.Auditor app role, then sign in again.
      </p>
      <div>
        <SignOutButton settings={getPublicAuthSettings()} />
      </div>
    </main>
  );
}
