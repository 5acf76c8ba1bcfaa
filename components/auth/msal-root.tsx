"use client";

import { MsalProvider } from "@azure/msal-react";
import { useState, type ReactNode } from "react";
import type { PublicAuthSettings } from "@/lib/auth/msal-configuration";
import { getMsalInstance } from "@/lib/auth/msal-instance";

/**
 * MSAL provider of the signed-in area. The PublicClientApplication exists in
 * the browser only; the server renders the children without it. The
 * provider renders no markup of its own, so both outputs hydrate alike.
 */
export function MsalRoot({
  settings,
  children,
}: {
  settings: PublicAuthSettings;
  children: ReactNode;
}) {
  const [instance] = useState(() =>
    typeof window === "undefined" ? null : getMsalInstance(settings),
  );
  if (!instance) return <>{children}</>;
  return <MsalProvider instance={instance}>{children}</MsalProvider>;
}
