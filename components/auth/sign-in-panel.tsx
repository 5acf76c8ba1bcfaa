"use client";

import { InteractionRequiredAuthError } from "@azure/msal-browser";
import { useEffect, useState } from "react";
import type { PublicAuthSettings } from "@/lib/auth/msal-configuration";
import { getMsalInstance, initializeMsal } from "@/lib/auth/msal-instance";
import { postSessionToken } from "@/lib/auth/session-client";

type Status =
  | { kind: "starting" }
  | { kind: "ready" }
  | { kind: "working" }
  | { kind: "error"; message: string };

// Full page loads, not router pushes: the server must see the new cookie
// and the signed-in area must start with its own MSAL provider.
async function completeSignIn(accessToken: string, returnTo: string) {
  const result = await postSessionToken(accessToken);
  if (result.ok) {
    window.location.assign(returnTo);
    return null;
  }
  if (result.code === "no_roles") {
    window.location.assign("/no-access");
    return null;
  }
  return result.message;
}

/**
 * Sign-in button: MSAL redirect flow to the identity provider, then one POST
 * of the API access token to `/api/session`. The redirect bridge brings the
 * response back here, where `handleRedirectPromise` returns it.
 */
export function SignInPanel({
  settings,
  returnTo,
}: {
  settings: PublicAuthSettings;
  returnTo: string;
}) {
  const [status, setStatus] = useState<Status>({ kind: "starting" });

  useEffect(() => {
    let cancelled = false;
    initializeMsal(settings)
      .then(async (result) => {
        if (cancelled) return;
        if (!result?.accessToken) {
          setStatus({ kind: "ready" });
          return;
        }
        setStatus({ kind: "working" });
        getMsalInstance(settings).setActiveAccount(result.account);
        const target = result.state ? result.state : returnTo;
        const message = await completeSignIn(result.accessToken, target);
        if (message && !cancelled) setStatus({ kind: "error", message });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setStatus({
          kind: "error",
          message: `Signing in failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
    return () => {
      cancelled = true;
    };
  }, [settings, returnTo]);

  const signIn = async () => {
    setStatus({ kind: "working" });
    const msal = getMsalInstance(settings);
    const request = { scopes: [settings.apiScope], state: returnTo };
    const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
    try {
      if (account) {
        const result = await msal.acquireTokenSilent({ ...request, account });
        const message = await completeSignIn(result.accessToken, returnTo);
        if (message) setStatus({ kind: "error", message });
        return;
      }
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) {
        console.warn("Silent sign-in failed; starting a redirect.", error);
      }
    }
    await msal.loginRedirect(request).catch((error: unknown) => {
      setStatus({
        kind: "error",
        message: `Could not reach the identity provider: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  };

  const busy = status.kind === "starting" || status.kind === "working";
  return (
    <div className="flex flex-col gap-4">
      <button
        type="button"
        onClick={signIn}
        disabled={busy}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {status.kind === "working" ? "Signing in…" : "Sign in with Microsoft"}
      </button>
      {status.kind === "error" ? (
        <p role="alert" className="text-sm text-red-700">
          {status.message}
        </p>
      ) : null}
    </div>
  );
}
