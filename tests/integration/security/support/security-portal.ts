import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { importJWK, SignJWT, type JWK } from "jose";

import { sealSession, type Session } from "@/lib/auth/session-cookie";
import { createSqliteStore, type AuditEntry, type Store } from "@/lib/store";

import { ensureNextBuild } from "../../../../tools/local-stack/next-build";
import { findFreePort } from "../../../../tools/local-stack/ports";
import {
  startLocalStack,
  type LocalStack,
} from "../../../../tools/local-stack/stack";
import {
  DEMO_USERS,
  type DemoUser,
} from "../../../../tools/oidc-provider/demo-directory";
import { ensureProviderKeys } from "../../../../tools/oidc-provider/signing-keys";
import { signInWithCodeFlow } from "../../auth/support/code-flow-client";
import { sendRequest, type RawResponse } from "../../auth/support/https-client";

const LOCAL_DIR = path.resolve(".local");

// Tables whose rows a rejected request must leave exactly as they were.
// The audit chain is left out on purpose: rejections append to it.
const GUARDED_TABLES = ["profiles", "operations", "notifications", "carriers"];

/** Returns the demo user with `username`, or throws. */
export function demoUser(username: string): DemoUser {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`No demo user ${username}.`);
  return user;
}

export interface SecurityPortal {
  stack: LocalStack;
  portalUrl: string;
  /** A second handle on the portal's SQLite database, for seeding. */
  store: Store;
  /** The provider's public signing key as a JWK. */
  providerJwk: JWK;
  /** Everything the portal and provider wrote to stdout and stderr. */
  output(): string;
  /** Rows of the guarded tables, as one comparable JSON string. */
  snapshot(): string;
  accessTokenClaims(user: DemoUser): Record<string, unknown>;
  signWithProviderKey(
    claims: Record<string, unknown>,
    header?: Record<string, unknown>,
  ): Promise<string>;
  /** Seals a session cookie value with the portal's own session key. */
  sealCookie(session: Session): Promise<string>;
  /** Session cookie (`name=value`) of a user signed in through the provider. */
  sessionCookieOf(user: DemoUser): Promise<string>;
  request(
    pathname: string,
    options?: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
    },
  ): Promise<RawResponse>;
  /** The newest 500 audit entries of the organization, oldest first. */
  auditEntries(organizationId: string): Promise<AuditEntry[]>;
  /** Runs `task` and returns the audit entries it appended to the organization. */
  auditOf(
    organizationId: string,
    task: () => Promise<unknown>,
  ): Promise<AuditEntry[]>;
  stop(): Promise<void>;
}

/**
 * Builds the portal when needed and starts the identity provider and the
 * portal on free ports with an empty SQLite store, keeping their output so
 * tests can check what reached the logs.
 */
export async function startSecurityPortal(): Promise<SecurityPortal> {
  await ensureNextBuild({});
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "nexorasim-security-"));
  const sqlitePath = path.join(dataDir, "portal.db");
  const lines: string[] = [];
  const stack = await startLocalStack({
    portalPort: await findFreePort(),
    identityProviderPort: 0,
    localDir: LOCAL_DIR,
    sqlitePath,
    log: (line) => lines.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${lines.join("")}`);
  });
  const ca = await readFile(stack.certificates.ca.certPath);
  const store = await createSqliteStore({
    path: sqlitePath,
    encryptionKey: null,
  });
  const reader = new Database(sqlitePath, { readonly: true });
  const keys = await ensureProviderKeys(path.join(LOCAL_DIR, "oidc"));
  const providerJwk = keys.jwks.keys[0] as JWK;
  const providerKey = await importJWK(providerJwk, "RS256");
  const provider = stack.identityProvider;
  const portalUrl = stack.portalUrl;
  const sessionKey = new Uint8Array(
    Buffer.from(stack.portalEnv.SESSION_SECRET ?? "", "base64url"),
  );

  const auditEntries = async (organizationId: string) => {
    const page = await store.audit.list(organizationId, {
      limit: 500,
      order: "desc",
    });
    return page.items.reverse();
  };

  const request: SecurityPortal["request"] = (pathname, options = {}) =>
    sendRequest(`${portalUrl}${pathname}`, options);

  return {
    stack,
    portalUrl,
    store,
    providerJwk,
    output: () => lines.join(""),
    snapshot() {
      // Rows are sorted as JSON because some tables have no rowid.
      const tables: Record<string, string[]> = {};
      for (const table of GUARDED_TABLES) {
        const rows = reader.prepare(`SELECT * FROM ${table}`).all();
        tables[table] = rows.map((row) => JSON.stringify(row)).sort();
      }
      return JSON.stringify(tables);
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
    signWithProviderKey(claims, header = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({
          alg: "RS256",
          kid: providerJwk.kid,
          typ: "at+jwt",
          ...header,
        })
        .sign(providerKey);
    },
    sealCookie: (session) => sealSession(session, sessionKey),
    async sessionCookieOf(user) {
      const tokens = await signInWithCodeFlow({
        issuer: provider.issuerFor(user.tenantId),
        clientId: provider.clientId,
        apiScope: provider.apiScope,
        portalOrigin: portalUrl,
        username: user.username,
        password: user.password,
        ca,
      });
      const response = await request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json", origin: portalUrl },
        body: JSON.stringify({ accessToken: tokens.access_token }),
      });
      const cookie = response.headers["set-cookie"]?.[0]?.split(";")[0];
      if (response.status !== 200 || !cookie) {
        throw new Error(
          `Session for ${user.username} failed: ${response.status} ${response.body}`,
        );
      }
      return cookie;
    },
    request,
    auditEntries,
    async auditOf(organizationId, task) {
      const before = (await store.audit.head(organizationId))?.sequence ?? 0;
      await task();
      const entries = await auditEntries(organizationId);
      return entries.filter((entry) => entry.sequence > before);
    },
    async stop() {
      reader.close();
      await store.close();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
