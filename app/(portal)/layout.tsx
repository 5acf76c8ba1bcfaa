import type { ReactNode } from "react";
import { MsalRoot } from "@/components/auth/msal-root";
import { SessionRenewal } from "@/components/auth/session-renewal";
import { PortalShell } from "@/components/layout/portal-shell";
import { requirePageSession } from "@/lib/auth/guards";
import { getPublicAuthSettings } from "@/lib/auth/public-settings";

/** Signed-in area: the only part of the portal inside the MSAL provider. */
export default async function PortalLayout({
  children,
}: {
  children: ReactNode;
}) {
  const session = await requirePageSession("dashboard.read");
  const settings = getPublicAuthSettings();

  return (
    <MsalRoot settings={settings}>
      <PortalShell session={session} settings={settings}>
        {children}
      </PortalShell>
      <SessionRenewal settings={settings} expiresAt={session.expiresAt} />
    </MsalRoot>
  );
}
