"use client";

import {
  InteractionRequiredAuthError,
  InteractionStatus,
} from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { PublicAuthSettings } from "@/lib/auth/msal-configuration";
import { postSessionToken } from "@/lib/auth/session-client";

/** Renew this long before the session expires. */
const RENEW_BEFORE_MS = 2 * 60_000;
/** Wait before retrying after a transient failure. */
const RETRY_MS = 30_000;

function signInAgain() {
  const path = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?returnTo=${encodeURIComponent(path)}`);
}

/**
 * Renews the session before it expires: a fresh access token from MSAL
 * (refresh token, no page change), posted to `/api/session` again. Sends
 * the user to sign-in when MSAL needs an interaction.
 */
export function SessionRenewal({
  settings,
  expiresAt,
}: {
  settings: PublicAuthSettings;
  /** Session expiry in seconds since the epoch. */
  expiresAt: number;
}) {
  const { instance, inProgress } = useMsal();
  const router = useRouter();
  const inProgressRef = useRef(inProgress);

  useEffect(() => {
    inProgressRef.current = inProgress;
  }, [inProgress]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;

    const renew = async () => {
      if (inProgressRef.current !== InteractionStatus.None) {
        timer = setTimeout(renew, 1_000);
        return;
      }
      const account =
        instance.getActiveAccount() ?? instance.getAllAccounts()[0];
      if (!account) {
        signInAgain();
        return;
      }
      try {
        const result = await instance.acquireTokenSilent({
          scopes: [settings.apiScope],
          account,
          forceRefresh: true,
        });
        const posted = await postSessionToken(result.accessToken);
        if (posted.ok) {
          router.refresh();
          return;
        }
        signInAgain();
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) {
          signInAgain();
          return;
        }
        console.warn("Session renewal failed; retrying.", error);
        timer = setTimeout(renew, RETRY_MS);
      }
    };

    const delay = Math.max(expiresAt * 1000 - Date.now() - RENEW_BEFORE_MS, 0);
    timer = setTimeout(renew, delay);
    return () => clearTimeout(timer);
  }, [expiresAt, instance, router, settings.apiScope]);

  return null;
}
