import { createHash, randomBytes } from "node:crypto";
import { CookieJar, sendRequest } from "./https-client";

export interface CodeFlowOptions {
  issuer: string;
  clientId: string;
  apiScope: string;
  portalOrigin: string;
  username: string;
  password: string;
  ca: Buffer;
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  expires_in: number;
}

/**
 * Signs a user in at the local provider the way MSAL does (authorization
 * code with PKCE, no `resource` parameter, the portal's redirect URI) by
 * submitting its sign-in form, and redeems the code for tokens.
 */
export async function signInWithCodeFlow(
  options: CodeFlowOptions,
): Promise<TokenResponse> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = `${options.portalOrigin}/auth/redirect`;
  const jar = new CookieJar();
  const providerOrigin = new URL(options.issuer).origin;

  const authorize = new URL(`${options.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: "code",
    response_mode: "query",
    redirect_uri: redirectUri,
    scope: `${options.apiScope} openid profile offline_access`,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
    nonce: randomBytes(8).toString("hex"),
  }).toString();

  let next = authorize.href;
  let submitted = false;
  for (let hop = 0; hop < 12; hop += 1) {
    if (next.startsWith(redirectUri)) {
      const code = new URL(next).searchParams.get("code");
      if (!code) throw new Error(`No code in the redirect: ${next}`);
      return redeemCode(options, code, verifier, redirectUri);
    }
    const response = await sendRequest(next, {
      headers: { cookie: jar.header() },
      ca: options.ca,
    });
    jar.store(response.headers);

    if (response.status === 200 && response.body.includes('name="password"')) {
      if (submitted) throw new Error("The provider rejected the password.");
      const action = /action="([^"]+)"/.exec(response.body)?.[1];
      if (!action) throw new Error("The sign-in form has no action.");
      const login = await sendRequest(
        new URL(action.replaceAll("&amp;", "&"), providerOrigin).href,
        {
          method: "POST",
          headers: {
            cookie: jar.header(),
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            username: options.username,
            password: options.password,
          }).toString(),
          ca: options.ca,
        },
      );
      jar.store(login.headers);
      submitted = true;
      if (!login.headers.location) {
        throw new Error(`Sign-in answered ${login.status} without a redirect.`);
      }
      next = new URL(login.headers.location, providerOrigin).href;
      continue;
    }
    if (!response.headers.location) {
      throw new Error(
        `${next} answered ${response.status}: ${response.body.slice(0, 300)}`,
      );
    }
    next = new URL(response.headers.location, next).href;
  }
  throw new Error("The sign-in flow did not reach the redirect URI.");
}

async function redeemCode(
  options: CodeFlowOptions,
  code: string,
  verifier: string,
  redirectUri: string,
): Promise<TokenResponse> {
  const response = await sendRequest(`${options.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: options.portalOrigin,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: options.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }).toString(),
    ca: options.ca,
  });
  if (response.status !== 200) {
    throw new Error(
      `Token request failed with ${response.status}: ${response.body}`,
    );
  }
  return JSON.parse(response.body) as TokenResponse;
}

/** Redeems a refresh token for new tokens, as MSAL's silent renewal does. */
export async function refreshTokens(
  options: Pick<
    CodeFlowOptions,
    "issuer" | "clientId" | "apiScope" | "portalOrigin" | "ca"
  >,
  refreshToken: string,
): Promise<TokenResponse> {
  const response = await sendRequest(`${options.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: options.portalOrigin,
    },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: options.clientId,
      refresh_token: refreshToken,
      scope: `${options.apiScope} openid profile offline_access`,
    }).toString(),
    ca: options.ca,
  });
  if (response.status !== 200) {
    throw new Error(`Refresh failed with ${response.status}: ${response.body}`);
  }
  return JSON.parse(response.body) as TokenResponse;
}
