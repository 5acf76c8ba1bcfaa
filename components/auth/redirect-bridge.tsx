"use client";

import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import { useEffect, useState } from "react";

/**
 * Hands the identity provider's response to the page that started the
 * flow (redirect) or to the waiting frame (popup, silent iframe).
 */
export function RedirectBridge() {
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    broadcastResponseToMainFrame().catch((error: unknown) => {
      console.error("Processing the sign-in response failed.", error);
      setFailed(true);
    });
  }, []);

  if (failed) {
    return (
      <p role="alert">
        This sign-in response could not be processed.{" "}
        <a href="/sign-in" className="underline">
          Sign in again
        </a>
        .
      </p>
    );
  }
  return <p>Completing sign-in…</p>;
}
