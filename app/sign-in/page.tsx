import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInPanel } from "@/components/auth/sign-in-panel";
import { getPublicAuthSettings } from "@/lib/auth/public-settings";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ returnTo?: string | string[] }>;
}) {
  // Settings come from the runtime environment, never from the build.
  await connection();
  const { returnTo } = await searchParams;
  const target = safeReturnPath(typeof returnTo === "string" ? returnTo : null);

  return (
    <main className="mx-auto flex max-w-md flex-col gap-6 px-6 py-24">
      <h1 className="text-2xl font-semibold text-brand-900">
        Sign in to NexoraSIM Portal
      </h1>
      <p className="text-slate-700">
        Use your organization&apos;s Microsoft Entra ID account.
      </p>
      <SignInPanel settings={getPublicAuthSettings()} returnTo={target} />
    </main>
  );
}
