import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SessionCookieCleanup } from "@/components/auth/session-cookie-cleanup";

export const metadata: Metadata = { title: "Signed out" };

export default async function SignedOutPage() {
  await connection();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-6 px-6 py-24">
      <SessionCookieCleanup />
      <h1 className="text-2xl font-semibold text-brand-900">
        You are signed out
      </h1>
      <p className="text-slate-700">Your session in the portal has ended.</p>
      <div>
        <Link
          href="/sign-in"
          className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Sign in again
        </Link>
      </div>
    </main>
  );
}
