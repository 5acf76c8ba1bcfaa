import type { Metadata } from "next";
import { AdminAcknowledgementForm } from "@/components/auth/admin-acknowledgement-form";
import { requirePageSession } from "@/lib/auth/guards";
import { hasPermission } from "@/lib/auth/permissions";
import { roleLabel } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await requirePageSession("dashboard.read");

  return (
    <main className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold text-brand-900">
        Welcome, {session.name}
      </h1>
      <dl className="grid max-w-md grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Role</dt>
        <dd data-testid="user-roles">
          {session.roles.map(roleLabel).join(", ")}
        </dd>
        <dt className="text-slate-500">Organization</dt>
        <dd data-testid="user-organization">{session.organizationName}</dd>
        <dt className="text-slate-500">Signed in as</dt>
        <dd>{session.username ?? session.oid}</dd>
      </dl>
      {hasPermission(session.roles, "admin.acknowledge") ? (
        <section className="flex flex-col gap-2">
          <h2 className="text-lg font-medium">Administrator acknowledgement</h2>
          <AdminAcknowledgementForm />
        </section>
      ) : null}
    </main>
  );
}
