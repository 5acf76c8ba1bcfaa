import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { AuthConfig } from "@/lib/config/auth-env";

const discoverySchema = z.object({ jwks_uri: z.url() });

/** Discovery document URL of an authority, as MSAL derives it. */
export function discoveryUrlOf(authority: string): string {
  const base = authority.replace(/\/$/, "");
  return base.endsWith("/v2.0")
    ? `${base}/.well-known/openid-configuration`
    : `${base}/v2.0/.well-known/openid-configuration`;
}

async function resolveJwksUri(config: AuthConfig): Promise<string> {
  if (config.jwksUri) return config.jwksUri;
  const url = discoveryUrlOf(config.authority);
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  }
  return discoverySchema.parse(await response.json()).jwks_uri;
}

let cached: { authority: string; keys: Promise<JWTVerifyGetKey> } | undefined;

/**
 * Returns the identity provider's signing keys (remote JWKS, cached and
 * refreshed by jose when an unknown `kid` appears). A failed discovery is
 * not cached, so the next sign-in tries again.
 */
export function getSigningKeys(config: AuthConfig): Promise<JWTVerifyGetKey> {
  if (cached?.authority === config.authority) return cached.keys;
  const keys = resolveJwksUri(config).then((uri) =>
    createRemoteJWKSet(new URL(uri), {
      timeoutDuration: 10_000,
      cooldownDuration: 30_000,
    }),
  );
  keys.catch(() => {
    cached = undefined;
  });
  cached = { authority: config.authority, keys };
  return keys;
}
