import "server-only";
import type { AuthConfig } from "@/lib/config/auth-env";
import { getStore } from "@/lib/store";
import {
  ANONYMOUS_ACTOR,
  AUTH_ACTIONS,
  SYSTEM_ORGANIZATION_ID,
  recordAuthEvent,
} from "./auth-audit";
import { TokenRejectedError } from "./errors";
import type { RequestMetadata } from "./request-metadata";
import { portalRolesOf } from "./roles";
import type { Session } from "./session-cookie";
import { getSigningKeys } from "./signing-keys";
import { verifyAccessToken } from "./token-verifier";

async function organizationOfClaims(
  claims: Record<string, unknown> | null,
): Promise<string> {
  if (!claims || typeof claims.tid !== "string") return SYSTEM_ORGANIZATION_ID;
  const store = await getStore();
  const organization = await store.organizations.getByTenantId(claims.tid);
  return organization?.id ?? SYSTEM_ORGANIZATION_ID;
}

function actorOfClaims(
  claims: Record<string, unknown> | null,
): typeof ANONYMOUS_ACTOR {
  if (!claims || typeof claims.oid !== "string") return ANONYMOUS_ACTOR;
  const name = typeof claims.name === "string" ? claims.name : claims.oid;
  return { oid: claims.oid, name, roles: [] };
}

/**
 * Turns an access token into a session: verifies it, maps its tenant to an
 * organization and keeps the portal's roles. Every outcome is audited.
 * Failures are written to the token's organization only when its signature
 * was valid, otherwise to the system organization.
 *
 * @throws TokenRejectedError with the reason code
 */
export async function startSession(
  accessToken: string,
  config: AuthConfig,
  request: RequestMetadata,
): Promise<Session> {
  try {
    const keys = await getSigningKeys(config).catch((error: unknown) => {
      throw new TokenRejectedError("keys_unavailable", null, { cause: error });
    });
    const token = await verifyAccessToken(accessToken, keys, {
      audiences: config.audiences,
      issuerTemplate: config.issuerTemplate,
      apiScope: config.apiScope,
    });

    const store = await getStore();
    const organization = await store.organizations.getByTenantId(token.tid);
    if (!organization) {
      throw new TokenRejectedError("unknown_tenant", null);
    }
    const roles = portalRolesOf(token.roles);
    if (roles.length === 0) {
      throw new TokenRejectedError("no_roles", { ...token });
    }

    const nowSeconds = Math.floor(Date.now() / 1000);
    const session: Session = {
      oid: token.oid,
      tenantId: token.tid,
      organizationId: organization.id,
      organizationName: organization.name,
      name: token.name,
      username: token.username,
      roles,
      expiresAt: Math.min(
        token.expiresAt,
        nowSeconds + config.sessionMaxSeconds,
      ),
    };
    await recordAuthEvent({
      organizationId: organization.id,
      action: AUTH_ACTIONS.signIn,
      outcome: "success",
      actor: { oid: session.oid, name: session.name, roles },
      request,
    });
    return session;
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    await recordAuthEvent({
      organizationId: await organizationOfClaims(error.verifiedClaims),
      action: AUTH_ACTIONS.signIn,
      outcome: "failure",
      actor: actorOfClaims(error.verifiedClaims),
      request,
      reason: error.reason,
    });
    throw error;
  }
}
