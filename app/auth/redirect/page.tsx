import type { Metadata } from "next";
import { connection } from "next/server";
import { RedirectBridge } from "@/components/auth/redirect-bridge";

export const metadata: Metadata = { title: "Signing in" };

/**
 * MSAL v5 redirect bridge: the SPA redirect URI. Rendered outside the MSAL
 * provider and dynamically, so it is never cached.
 */
export default async function RedirectBridgePage() {
  await connection();
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-slate-700">
      <RedirectBridge />
    </main>
  );
}
