/** Reason code of an access token rejected at sign-in, stored in the audit entry. */
export type TokenRejectionReason =
  | "malformed_token"
  | "unsupported_algorithm"
  | "bad_signature"
  | "token_expired"
  | "token_not_yet_valid"
  | "wrong_audience"
  | "wrong_issuer"
  | "missing_scope"
  | "missing_claims"
  | "unknown_tenant"
  | "no_roles"
  | "keys_unavailable";

const TOKEN_MESSAGES: Record<TokenRejectionReason, string> = {
  malformed_token: "The access token is not a well-formed JWT.",
  unsupported_algorithm: "The access token is not signed with RS256.",
  bad_signature:
    "The access token's signature does not match any signing key of the identity provider.",
  token_expired: "The access token has expired.",
  token_not_yet_valid: "The access token is not valid yet.",
  wrong_audience: "The access token was issued for another application.",
  wrong_issuer: "The access token was issued by an unexpected issuer.",
  missing_scope: "The access token lacks the portal's API scope.",
  missing_claims: "The access token lacks the oid or tid claim.",
  unknown_tenant: "Your organization is not registered in the portal.",
  no_roles: "Your account has no role in the portal.",
  keys_unavailable: "The identity provider's signing keys could not be loaded.",
};

/** An access token posted to start a session was rejected. */
export class TokenRejectedError extends Error {
  readonly code = "TOKEN_REJECTED";

  constructor(
    readonly reason: TokenRejectionReason,
    /** Verified claims, when the signature was valid; else null. */
    readonly verifiedClaims: Record<string, unknown> | null = null,
    options?: { cause?: unknown },
  ) {
    super(
      `${TOKEN_MESSAGES[reason]} Sign in again; ask an administrator if it persists.`,
      options,
    );
    this.name = "TokenRejectedError";
  }
}

/** Reason code of a rejected request, stored in the audit entry. */
export type DenialReason =
  | "no_session"
  | "invalid_session"
  | "expired_session"
  | "missing_permission"
  | "foreign_origin"
  | "proxy_bypass"
  | "invalid_input";

const DENIAL_MESSAGES: Record<DenialReason, string> = {
  no_session: "You are not signed in. Sign in and try again.",
  invalid_session: "Your session is invalid. Sign in again.",
  expired_session: "Your session has expired. Sign in again.",
  missing_permission:
    "Your role does not allow this action. Ask an administrator for access.",
  foreign_origin:
    "The request came from another site and was rejected. Reload the portal and try again.",
  proxy_bypass:
    "The request carried an internal Next.js header and was rejected.",
  invalid_input: "The request is invalid.",
};

/** A guard rejected the request. */
export class AuthorizationError extends Error {
  readonly code = "AUTHORIZATION_DENIED";

  constructor(
    readonly reason: DenialReason,
    /** The permission or resource at fault, if any. */
    readonly target: string | null = null,
  ) {
    super(DENIAL_MESSAGES[reason]);
    this.name = "AuthorizationError";
  }

  /** HTTP status: 401 without a valid session, 400 for a bypass attempt, else 403. */
  get status(): 400 | 401 | 403 {
    return this.reason === "no_session" ||
      this.reason === "invalid_session" ||
      this.reason === "expired_session"
      ? 401
      : this.reason === "proxy_bypass"
        ? 400
        : 403;
  }
}
