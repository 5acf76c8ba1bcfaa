// Identity and session settings read from the environment and validated
// with zod. The same build signs in against Entra ID or the local provider
// depending on these variables alone.

import { z } from "zod";
import { ConfigError } from "./errors";

export interface AuthConfig {
  /** MSAL authority, e.g. `https://login.microsoftonline.com/<tenant-id>`. */
  authority: string;
  clientId: string;
  /** The portal's own API scope, e.g. `api://<client-id>/Portal.Access`. */
  apiScope: string;
  /** `host[:port]` of authorities MSAL trusts without instance discovery. */
  knownAuthorities: string[];
  protocolMode: "AAD" | "OIDC";
  /** Accepted `aud` values of access tokens. */
  audiences: string[];
  /** Issuer with a `{tenantid}` placeholder, filled with the token's `tid`. */
  issuerTemplate: string;
  /** JWKS URL; null to read it from the authority's discovery document. */
  jwksUri: string | null;
  /** 32-byte key of the session cookie (A256GCM). */
  sessionKey: Uint8Array;
  /** Upper bound of a session's lifetime in seconds. */
  sessionMaxSeconds: number;
  /** Whether `X-Forwarded-For` / `-Proto` / `-Host` come from a trusted proxy. */
  trustProxy: boolean;
  /** Public origin of the portal, or null to use the request's own. */
  portalOrigin: string | null;
}

const EXPECTED: Record<string, string> = {
  AUTH_AUTHORITY:
    "an https URL such as https://login.microsoftonline.com/<tenant-id>",
  AUTH_CLIENT_ID:
    "the application (client) id of the portal's app registration",
  AUTH_API_SCOPE:
    "the exposed API scope, such as api://<client-id>/Portal.Access",
  AUTH_KNOWN_AUTHORITIES:
    "comma-separated host[:port] values, such as localhost:8443",
  AUTH_PROTOCOL_MODE:
    '"AAD" (Entra ID) or "OIDC" (other OpenID Connect providers)',
  AUTH_AUDIENCES: "comma-separated accepted audiences (default: the client id)",
  AUTH_ISSUER_TEMPLATE: "an https URL containing {tenantid}",
  AUTH_JWKS_URI: "an https URL of the signing keys",
  SESSION_SECRET:
    "32 random bytes in base64url (openssl rand -base64 32 | tr '+/' '-_' | tr -d =)",
  SESSION_MAX_SECONDS: "a number of seconds from 60 to 86400",
  TRUST_PROXY: '"true" or "false"',
  PORTAL_ORIGIN:
    "the portal's public origin, such as https://portal.example.com",
};

const text = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const list = text.transform((value) =>
  value
    ? value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
    : [],
);

const httpsUrl = z.url({ protocol: /^https$/ });

const schema = z.object({
  AUTH_AUTHORITY: text.pipe(httpsUrl),
  AUTH_CLIENT_ID: text.pipe(z.string().min(1).max(200)),
  AUTH_API_SCOPE: text.pipe(
    z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+\/\S+$/i),
  ),
  AUTH_KNOWN_AUTHORITIES: list.pipe(
    z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i)),
  ),
  AUTH_PROTOCOL_MODE: text.pipe(z.enum(["AAD", "OIDC"]).default("AAD")),
  AUTH_AUDIENCES: list,
  AUTH_ISSUER_TEMPLATE: text.pipe(
    httpsUrl.refine((value) => value.includes("{tenantid}")).optional(),
  ),
  AUTH_JWKS_URI: text.pipe(httpsUrl.optional()),
  SESSION_SECRET: text.pipe(z.string().regex(/^[A-Za-z0-9_-]{43}$/)),
  SESSION_MAX_SECONDS: text
    .transform((value) => (value === undefined ? 3600 : Number(value)))
    .pipe(z.number().int().min(60).max(86_400)),
  TRUST_PROXY: text.pipe(z.enum(["true", "false"]).default("false")),
  PORTAL_ORIGIN: text.pipe(z.url({ protocol: /^https?$/ }).optional()),
});

/**
 * Derives the issuer template from the authority: Entra ID and the local
 * provider both issue as `<origin>/<tenant-id>/v2.0`.
 */
function defaultIssuerTemplate(authority: string): string {
  return `${new URL(authority).origin}/{tenantid}/v2.0`;
}

/**
 * Reads the identity settings from `env` (default `process.env`).
 *
 * @throws ConfigError naming the first variable that is missing or invalid
 */
export function loadAuthConfig(
  env: Record<string, string | undefined> = process.env,
): AuthConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "AUTH_AUTHORITY");
    const detail = env[variable] ? "invalid" : "missing";
    throw new ConfigError(
      variable,
      EXPECTED[variable] ?? "a valid value",
      detail,
    );
  }
  const values = parsed.data;
  const authority = values.AUTH_AUTHORITY.replace(/\/$/, "");

  return {
    authority,
    clientId: values.AUTH_CLIENT_ID,
    apiScope: values.AUTH_API_SCOPE,
    knownAuthorities: values.AUTH_KNOWN_AUTHORITIES,
    protocolMode: values.AUTH_PROTOCOL_MODE,
    audiences:
      values.AUTH_AUDIENCES.length > 0
        ? values.AUTH_AUDIENCES
        : [values.AUTH_CLIENT_ID],
    issuerTemplate:
      values.AUTH_ISSUER_TEMPLATE ?? defaultIssuerTemplate(authority),
    jwksUri: values.AUTH_JWKS_URI ?? null,
    sessionKey: new Uint8Array(Buffer.from(values.SESSION_SECRET, "base64url")),
    sessionMaxSeconds: values.SESSION_MAX_SECONDS,
    trustProxy: values.TRUST_PROXY === "true",
    portalOrigin: values.PORTAL_ORIGIN
      ? new URL(values.PORTAL_ORIGIN).origin
      : null,
  };
}

let cached: AuthConfig | undefined;

/** Returns the process's identity settings, parsed once. */
export function getAuthConfig(): AuthConfig {
  cached ??= loadAuthConfig();
  return cached;
}
