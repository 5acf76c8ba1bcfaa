import { NextResponse } from "next/server";
import { AuthorizationError } from "@/lib/auth/errors";
import { requireRole } from "@/lib/auth/guards";
import { permissionsOf } from "@/lib/auth/permissions";
import { getStore } from "@/lib/store";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * Returns the signed-in user and their own organization. The organization
 * comes from the session alone: query parameters cannot select another.
 */
export async function GET() {
  try {
    const session = await requireRole("dashboard.read");
    const store = await getStore();
    const organization = await store.organizations.get(session.organizationId);
    return NextResponse.json(
      {
        user: {
          oid: session.oid,
          name: session.name,
          username: session.username,
          roles: session.roles,
          permissions: permissionsOf(session.roles),
        },
        organization: organization
          ? { id: organization.id, name: organization.name }
          : { id: session.organizationId, name: session.organizationName },
        expiresAt: session.expiresAt,
      },
      { headers: NO_STORE },
    );
  } catch (error) {
    if (error instanceof AuthorizationError) {
      return NextResponse.json(
        { code: error.reason, message: error.message },
        { status: error.status, headers: NO_STORE },
      );
    }
    throw error;
  }
}
