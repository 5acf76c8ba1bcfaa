import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { PublicAuthSettings } from "@/lib/auth/msal-configuration";
import { roleLabel } from "@/lib/auth/roles";
import type { Session } from "@/lib/auth/session-cookie";

const NAV_ITEMS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/fleet", label: "Fleet" },
];

/** Frame of every signed-in page: navigation, the user and sign-out. */
export function PortalShell({
  session,
  settings,
  children,
}: {
  session: Session;
  settings: PublicAuthSettings;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <span className="font-semibold text-brand-900">NexoraSIM Portal</span>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {NAV_ITEMS.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className="hover:underline"
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-4 text-sm">
            <span data-testid="signed-in-user">
              <span className="font-medium">{session.name}</span>
              <span className="text-slate-500">
                {" "}
                · {session.roles.map(roleLabel).join(", ")} ·{" "}
                {session.organizationName}
              </span>
            </span>
            <SignOutButton settings={settings} />
          </div>
        </div>
      </header>
      <div className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
        {children}
      </div>
    </div>
  );
}
