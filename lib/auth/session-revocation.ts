import "server-only";
import { getStore } from "@/lib/store";
import { AUTH_ACTIONS } from "./auth-audit";
import type { Session } from "./session-cookie";

/**
 * Whether the user signed out at or after `session` was issued. Sign-out
 * (`DELETE /api/session`) appends an "auth.sign-out" audit entry, so this
 * makes a copied cookie stop working at sign-out instead of at its expiry,
 * and ends every earlier session of the same user, renewed ones included.
 * A session without an issue time counts as signed out.
 *
 * NOTE: issue and sign-out times come from the clocks of the replicas that
 * handled them, so clock skew between replicas widens or narrows the window.
 *
 * @throws when the audit store cannot be read, so no request passes unchecked
 */
export async function isSignedOutSince(session: Session): Promise<boolean> {
  if (session.issuedAtMs === undefined) return true;
  const store = await getStore();
  const page = await store.audit.list(session.organizationId, {
    actorOid: session.oid,
    action: AUTH_ACTIONS.signOut,
    from: new Date(session.issuedAtMs).toISOString(),
    limit: 1,
  });
  return page.items.length > 0;
}
