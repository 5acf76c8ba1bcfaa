import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuthConfig } from "@/lib/config/auth-env";
import {
  ANONYMOUS_ACTOR,
  AUTH_ACTIONS,
  SYSTEM_ORGANIZATION_ID,
  recordAuthEvent,
} from "./auth-audit";
import { AuthorizationError, type DenialReason } from "./errors";
import { hasPermission, type Permission } from "./permissions";
import { readRequestMetadata, type RequestMetadata } from "./request-metadata";
import { PATH_HEADER, safeReturnPath } from "./return-path";
import { isSignedOutSince } from "./session-revocation";
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  openSession,
  type Session,
} from "./session-cookie";

/** Reads where the current request came from. */
export async function getRequestMetadata(): Promise<RequestMetadata> {
  const config = getAuthConfig();
  return readRequestMetadata(await headers(), {
    trustProxy: config.trustProxy,
    portalOrigin: config.portalOrigin,
  });
}

export type SessionReadResult =
  | { ok: true; session: Session }
  | { ok: false; reason: "no_session" | "invalid_session" | "expired_session" };

/**
 * Reads and decrypts the session cookie and rejects a session its user has
 * signed out of since. Never audits.
 *
 * @throws only when the audit store cannot be read
 */
export async function readSession(): Promise<SessionReadResult> {
  const jar = await cookies();
  const value =
    jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value;
  if (!value) return { ok: false, reason: "no_session" };
  const result = await openSession(value, getAuthConfig().sessionKey);
  if (result.ok && (await isSignedOutSince(result.session))) {
    return { ok: false, reason: "invalid_session" };
  }
  return result;
}

/** Audits a rejected request and returns the error to throw. */
export async function denyRequest(
  reason: DenialReason,
  options: { session?: Session | null; target?: string | null } = {},
): Promise<AuthorizationError> {
  const session = options.session ?? null;
  await recordAuthEvent({
    organizationId: session?.organizationId ?? SYSTEM_ORGANIZATION_ID,
    action: AUTH_ACTIONS.denied,
    outcome: "denied",
    actor: session
      ? { oid: session.oid, name: session.name, roles: session.roles }
      : ANONYMOUS_ACTOR,
    request: await getRequestMetadata(),
    target: options.target ?? null,
    reason,
  });
  return new AuthorizationError(reason, options.target ?? null);
}

/**
 * Returns the signed-in user's session.
 *
 * @throws AuthorizationError (audited) when the cookie is missing, tampered
 *   with or expired
 */
export async function requireSession(target?: string): Promise<Session> {
  const result = await readSession();
  if (result.ok) return result.session;
  throw await denyRequest(result.reason, { target: target ?? null });
}

/**
 * Returns the session when the user holds `permission`.
 *
 * @throws AuthorizationError (audited) without a session or the permission
 */
export async function requireRole(permission: Permission): Promise<Session> {
  const session = await requireSession(permission);
  if (hasPermission(session.roles, permission)) return session;
  throw await denyRequest("missing_permission", {
    session,
    target: permission,
  });
}

/**
 * Page variant of `requireRole`: redirects to sign-in without a session and
 * to the no-access page without the permission, after auditing the rejection.
 */
export async function requirePageSession(
  permission: Permission,
): Promise<Session> {
  try {
    return await requireRole(permission);
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    if (error.reason === "missing_permission") {
      redirect("/no-access?reason=permission");
    }
    const path = safeReturnPath((await headers()).get(PATH_HEADER));
    redirect(`/sign-in?returnTo=${encodeURIComponent(path)}`);
  }
}
