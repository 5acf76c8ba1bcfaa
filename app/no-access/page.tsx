import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getPublicAuthSettings } from "@/lib/auth/public-settings";

export const metadata: Metadata = { title: "No access" };

export default async function NoAccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  // Set by requirePageSession when a signed-in user's role lacks the
  // page's permission; a user without any portal role has no session.
  if ((await searchParams).reason === "permission") {
    return (
      <main className="mx-auto flex max-w-lg flex-col gap-6 px-6 py-24">
        <h1 className="text-2xl font-semibold text-brand-900">No access</h1>
        <p className="text-slate-700">
          Your role does not allow this page. The navigation shows the pages
          your role allows. Ask your administrator if you need another role.
        </p>
        <div>
          <Link
            href="/dashboard"
            className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Back to the dashboard
          </Link>
        </div>
      </main>
    );
  }

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
