import {
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { z } from "zod";
import { TokenRejectedError } from "./errors";

/** What the portal accepts as a valid access token. */
export interface TokenPolicy {
  audiences: string[];
  /** Issuer with a `{tenantid}` placeholder. */
  issuerTemplate: string;
  /** The portal's API scope; its last path segment must be in `scp`. */
  apiScope: string;
  /** Allowed clock skew in seconds. */
  clockToleranceSeconds?: number;
}

export interface VerifiedAccessToken {
  oid: string;
  tid: string;
  name: string;
  username: string | null;
  roles: unknown;
  /** Expiry in seconds since the epoch. */
  expiresAt: number;
}

const claimsSchema = z.object({
  oid: z.string().min(1).max(100),
  tid: z.string().regex(/^[0-9a-f-]{36}$/i),
  exp: z.number().int(),
  name: z.string().max(256).optional(),
  preferred_username: z.string().max(256).optional(),
  scp: z.string().optional(),
  roles: z.unknown().optional(),
});

function rejectFromJoseError(error: unknown): TokenRejectedError {
  if (error instanceof errors.JWTExpired) {
    return new TokenRejectedError("token_expired", error.payload, {
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") {
      return new TokenRejectedError("wrong_audience", error.payload, {
        cause: error,
      });
    }
    if (error.claim === "nbf" || error.claim === "iat") {
      return new TokenRejectedError("token_not_yet_valid", error.payload, {
        cause: error,
      });
    }
    return new TokenRejectedError("missing_claims", error.payload, {
      cause: error,
    });
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new TokenRejectedError("bad_signature", null, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenRejectedError("unsupported_algorithm", null, {
      cause: error,
    });
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  ) {
    return new TokenRejectedError("keys_unavailable", null, { cause: error });
  }
  return new TokenRejectedError("malformed_token", null, { cause: error });
}

/**
 * Verifies an Entra ID (or local provider) access token: RS256 signature
 * against the provider's keys, audience, expiry, issuer of the token's own
 * tenant, and the API scope. Tenant and roles are checked by the caller.
 *
 * @throws TokenRejectedError with the reason code
 */
export async function verifyAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  policy: TokenPolicy,
): Promise<VerifiedAccessToken> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (error) {
    throw new TokenRejectedError("malformed_token", null, { cause: error });
  }
  if (alg !== "RS256") throw new TokenRejectedError("unsupported_algorithm");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ["RS256"],
      audience: policy.audiences,
      requiredClaims: ["exp", "iss", "oid", "tid"],
      clockTolerance: policy.clockToleranceSeconds ?? 60,
    }));
  } catch (error) {
    throw rejectFromJoseError(error);
  }

  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new TokenRejectedError("missing_claims", payload);
  const { tid, oid } = claims.data;

  const expectedIssuer = policy.issuerTemplate.replace("{tenantid}", tid);
  if (payload.iss !== expectedIssuer) {
    throw new TokenRejectedError("wrong_issuer", payload);
  }

  const scopeName = policy.apiScope.split("/").at(-1) ?? "";
  const scopes = (claims.data.scp ?? "").split(" ");
  if (!scopes.includes(scopeName)) {
    throw new TokenRejectedError("missing_scope", payload);
  }

  return {
    oid,
    tid,
    name: claims.data.name ?? claims.data.preferred_username ?? oid,
    username: claims.data.preferred_username ?? null,
    roles: claims.data.roles,
    expiresAt: claims.data.exp,
  };
}
