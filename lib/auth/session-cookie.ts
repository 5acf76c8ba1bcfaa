import { EncryptJWT, errors, jwtDecrypt } from "jose";
import { z } from "zod";
import { PORTAL_ROLES, type PortalRole } from "./roles";

/** Cookie name over http (local development). */
export const SESSION_COOKIE = "nexora_session";
/** Cookie name over https: `__Host-` pins it to this host, path `/`, Secure. */
export const SECURE_SESSION_COOKIE = "__Host-nexora_session";

const ISSUER = "nexorasim-portal";
const AUDIENCE = "nexorasim-portal-session";

/** The signed-in user as the session cookie carries it. */
export interface Session {
  oid: string;
  tenantId: string;
  organizationId: string;
  organizationName: string;
  name: string;
  username: string | null;
  roles: PortalRole[];
  /** Expiry in seconds since the epoch; never after the access token's. */
  expiresAt: number;
  /**
   * Issue time in milliseconds since the epoch, read from the cookie; a
   * sign-out at or after it ends the session (see session-revocation.ts).
   */
  issuedAtMs?: number;
}

const sessionClaimsSchema = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  org: z.string().min(1),
  orgName: z.string(),
  name: z.string(),
  upn: z.string().nullable(),
  roles: z.array(z.enum(PORTAL_ROLES)).min(1),
  exp: z.number().int(),
  iat: z.number().int(),
  // Cookies sealed before this claim existed carry only `iat` (seconds).
  iatMs: z.number().int().optional(),
});

/** Encrypts `session` (`dir` + A256GCM) with the 32-byte `key`. */
export async function sealSession(
  session: Session,
  key: Uint8Array,
): Promise<string> {
  return new EncryptJWT({
    oid: session.oid,
    tid: session.tenantId,
    org: session.organizationId,
    orgName: session.organizationName,
    name: session.name,
    upn: session.username,
    roles: session.roles,
    iatMs: Date.now(),
  })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(session.expiresAt)
    .encrypt(key);
}

export type SessionOpenResult =
  | { ok: true; session: Session }
  | { ok: false; reason: "invalid_session" | "expired_session" };

/** Decrypts and checks a session cookie value; never throws. */
export async function openSession(
  value: string,
  key: Uint8Array,
): Promise<SessionOpenResult> {
  try {
    const { payload } = await jwtDecrypt(value, key, {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["exp", "iat"],
    });
    const claims = sessionClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: "invalid_session" };
    const data = claims.data;
    return {
      ok: true,
      session: {
        oid: data.oid,
        tenantId: data.tid,
        organizationId: data.org,
        organizationName: data.orgName,
        name: data.name,
        username: data.upn,
        roles: data.roles,
        expiresAt: data.exp,
        issuedAtMs: data.iatMs ?? data.iat * 1000,
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { ok: false, reason: "expired_session" };
    }
    return { ok: false, reason: "invalid_session" };
  }
}

/** Attributes of the session cookie; `secure` when served over https. */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return {
    name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  };
}
