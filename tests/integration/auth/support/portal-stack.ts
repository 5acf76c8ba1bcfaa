import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { importJWK, SignJWT, type JWK } from "jose";
import { createSqliteStore, type AuditEntry, type Store } from "@/lib/store";
import { ensureProviderKeys } from "../../../../tools/oidc-provider/signing-keys";
import { ensureNextBuild } from "../../../../tools/local-stack/next-build";
import { findFreePort } from "../../../../tools/local-stack/ports";
import {
  startLocalStack,
  type LocalStack,
} from "../../../../tools/local-stack/stack";
import type { DemoUser } from "../../../../tools/oidc-provider/demo-directory";
import { signInWithCodeFlow, type TokenResponse } from "./code-flow-client";
import { sendRequest, type RawResponse } from "./https-client";

const LOCAL_DIR = path.resolve(".local");

export interface PortalUnderTest {
  stack: LocalStack;
  ca: Buffer;
  /** A second handle on the portal's SQLite database, for assertions. */
  store: Store;
  portalUrl: string;
  signIn(user: DemoUser): Promise<TokenResponse>;
  /** Signs a JWT with the provider's own RS256 key. */
  signWithProviderKey(
    claims: Record<string, unknown>,
    header?: Record<string, unknown>,
  ): Promise<string>;
  /** Claims of a valid access token of `user`, before signing. */
  accessTokenClaims(user: DemoUser): Record<string, unknown>;
  postSession(
    accessToken: string,
    headers?: Record<string, string>,
  ): Promise<RawResponse>;
  /** Session cookie (`name=value`) of a user signed in through the provider. */
  sessionCookieOf(user: DemoUser): Promise<string>;
  get(pathname: string, headers?: Record<string, string>): Promise<RawResponse>;
  auditEntries(organizationId: string): Promise<AuditEntry[]>;
  stop(): Promise<void>;
}

/** Builds the portal when needed and starts the local stack on free ports. */
export async function startPortalUnderTest(): Promise<PortalUnderTest> {
  await ensureNextBuild({});
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "nexorasim-auth-"));
  const sqlitePath = path.join(dataDir, "portal.db");
  const output: string[] = [];
  const stack = await startLocalStack({
    portalPort: await findFreePort(),
    identityProviderPort: 0,
    localDir: LOCAL_DIR,
    sqlitePath,
    log: (line) => output.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output.join("")}`);
  });
  const ca = await readFile(stack.certificates.ca.certPath);
  const store = await createSqliteStore({
    path: sqlitePath,
    encryptionKey: null,
  });
  const keys = await ensureProviderKeys(path.join(LOCAL_DIR, "oidc"));
  const providerJwk = keys.jwks.keys[0] as JWK;
  const providerKey = await importJWK(providerJwk, "RS256");
  const provider = stack.identityProvider;
  const portalUrl = stack.portalUrl;

  const postSession = (
    accessToken: string,
    headers: Record<string, string> = {},
  ) =>
    sendRequest(`${portalUrl}/api/session`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: portalUrl,
        ...headers,
      },
      body: JSON.stringify({ accessToken }),
    });

  const signIn = (user: DemoUser) =>
    signInWithCodeFlow({
      issuer: provider.issuerFor(user.tenantId),
      clientId: provider.clientId,
      apiScope: provider.apiScope,
      portalOrigin: portalUrl,
      username: user.username,
      password: user.password,
      ca,
    });

  return {
    stack,
    ca,
    store,
    portalUrl,
    signIn,
    postSession,
    async signWithProviderKey(claims, header = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({
          alg: "RS256",
          kid: providerJwk.kid,
          typ: "at+jwt",
          ...header,
        })
        .sign(providerKey);
    },
    accessTokenClaims(user) {
      const now = Math.floor(Date.now() / 1000);
      return {
        iss: provider.issuerFor(user.tenantId),
        aud: provider.clientId,
        sub: user.oid,
        oid: user.oid,
        tid: user.tenantId,
        name: user.name,
        preferred_username: user.username,
        roles: user.roles,
        scp: "Portal.Access",
        iat: now,
        exp: now + 600,
      };
    },
    async sessionCookieOf(user) {
      const tokens = await signIn(user);
      const response = await postSession(tokens.access_token);
      const cookie = response.headers["set-cookie"]?.[0]?.split(";")[0];
      if (response.status !== 200 || !cookie) {
        throw new Error(
          `Session for ${user.username} failed: ${response.status} ${response.body}`,
        );
      }
      return cookie;
    },
    get: (pathname, headers = {}) =>
      sendRequest(`${portalUrl}${pathname}`, { headers }),
    async auditEntries(organizationId) {
      const page = await store.audit.list(organizationId, {
        limit: 500,
        order: "asc",
      });
      return page.items;
    },
    async stop() {
      await store.close();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
