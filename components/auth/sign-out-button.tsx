"use client";

import { useState } from "react";
import type { PublicAuthSettings } from "@/lib/auth/msal-configuration";
import { getMsalInstance } from "@/lib/auth/msal-instance";
import { deleteSession } from "@/lib/auth/session-client";

/**
 * Signs out: clears the portal's session cookie, then signs out of the
 * identity provider with MSAL, which returns to `/sign-out`.
 */
export function SignOutButton({
  settings,
  className,
}: {
  settings: PublicAuthSettings;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);

  const signOut = async () => {
    setBusy(true);
    await deleteSession();
    try {
      const msal = getMsalInstance(settings);
      await msal.initialize();
      const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
      // The ID token hint lets the provider honour the post-logout
      // redirect URI; MSAL v5 does not send it on its own.
      await msal.logoutRedirect(
        account ? { account, idTokenHint: account.idToken } : undefined,
      );
    } catch (error) {
      console.error("Signing out of the identity provider failed.", error);
      window.location.assign("/sign-out");
    }
  };

  return (
    <button
      type="button"
      onClick={signOut}
      disabled={busy}
      className={
        className ??
        "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60"
      }
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
