import { timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import type { CertificateFiles } from "../certs/local-ca";
import {
  DEMO_TENANTS,
  DEMO_USERS,
  LOCAL_API_SCOPE,
  LOCAL_CLIENT_ID,
  findDemoUser,
  type DemoTenant,
  type DemoUser,
} from "./demo-directory";
import { LOGOUT_SCRIPT_SOURCE, renderLoginPage } from "./pages";
import { createTenantProvider } from "./provider-configuration";
import { ensureProviderKeys } from "./signing-keys";

export interface LocalIdentityProviderOptions {
  /** TCP port on localhost; 0 picks a free one. */
  port: number;
  /** Server certificate for localhost, signed by the local CA. */
  certs: { localhost: CertificateFiles };
  /** Origin of the portal, for redirect URIs and CORS. */
  portalOrigin: string;
  tenants?: DemoTenant[];
  users?: DemoUser[];
  /** Folder that keeps the signing keys between restarts. */
  keysDir: string;
  clientId?: string;
  apiScope?: string;
  accessTokenTtlSeconds?: number;
  log?: (line: string) => void;
}

export interface LocalIdentityProvider {
  /** `https://localhost:PORT`. */
  origin: string;
  /** Issuer of the first tenant: `https://localhost:PORT/<tenant-id>/v2.0`. */
  issuer: string;
  /** MSAL authority of the first tenant (same as its issuer). */
  authority: string;
  /** `https://localhost:PORT/{tenantid}/v2.0`, the issuer of every tenant. */
  issuerTemplate: string;
  issuerFor(tenantId: string): string;
  clientId: string;
  apiScope: string;
  close(): Promise<void>;
}

interface TenantEntry {
  tenant: DemoTenant;
  mountPath: string;
  provider: Provider;
}

const MAX_FORM_BYTES = 4096;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error("form body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function passwordMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  portalOrigin: string,
) {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": `default-src 'none'; script-src ${LOGOUT_SCRIPT_SOURCE}; style-src 'unsafe-inline'; form-action 'self' ${portalOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    "X-Content-Type-Options": "nosniff",
  });
  res.end(html);
}

/**
 * Starts the local OpenID Connect provider on https://localhost, one issuer
 * per tenant at `/<tenant-id>/v2.0` as Entra ID shapes them, with a plain
 * sign-in page for the demo users.
 *
 * @example
 * const idp = await startLocalIdentityProvider({
 *   port: 0, certs, portalOrigin: "http://localhost:3000", keysDir: ".local/oidc",
 * });
 */
export async function startLocalIdentityProvider(
  options: LocalIdentityProviderOptions,
): Promise<LocalIdentityProvider> {
  const tenants = options.tenants ?? DEMO_TENANTS;
  const users = options.users ?? DEMO_USERS;
  const clientId = options.clientId ?? LOCAL_CLIENT_ID;
  const apiScope = options.apiScope ?? LOCAL_API_SCOPE;
  const log = options.log ?? (() => {});
  const keys = await ensureProviderKeys(options.keysDir);
  const [cert, key] = await Promise.all([
    readFile(options.certs.localhost.certPath),
    readFile(options.certs.localhost.keyPath),
  ]);

  const entries = new Map<string, TenantEntry>();
  const server = https.createServer({ cert, key });

  const handleInteraction = async (
    entry: TenantEntry,
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    isLogin: boolean,
  ) => {
    const { provider, tenant, mountPath } = entry;
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction id mismatch");
    const action = `${mountPath}/interaction/${uid}/login`;

    if (details.prompt.name === "login") {
      if (!isLogin) {
        sendHtml(
          res,
          200,
          renderLoginPage({
            action,
            organizationName: tenant.organizationName,
          }),
          options.portalOrigin,
        );
        return;
      }
      const form = await readForm(req);
      const username = form.get("username") ?? "";
      const user = findDemoUser(users, username);
      const valid =
        user !== undefined &&
        user.tenantId === tenant.id &&
        passwordMatches(user.password, form.get("password") ?? "");
      if (!valid) {
        log(JSON.stringify({ msg: "sign-in rejected", tenant: tenant.id }));
        sendHtml(
          res,
          401,
          renderLoginPage({
            action,
            organizationName: tenant.organizationName,
            username,
            error: "The user name or password is incorrect.",
          }),
          options.portalOrigin,
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.oid } },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    // Consent is granted without a page: the portal is a first-party app,
    // as with admin consent given once for a tenant in Entra ID.
    const { prompt, params, session, grantId } = details;
    const accountId = session?.accountId;
    if (!accountId) throw new Error("consent without a signed-in account");
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId, clientId: String(params.client_id) });
    if (!grant) throw new Error("grant not found");
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope)
      grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims)
      grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(
      missing.missingResourceScopes ?? {},
    )) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    const savedGrantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: savedGrantId } },
      { mergeWithLastSubmission: true },
    );
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    const tenantId = url.pathname.split("/")[1] ?? "";
    const entry = entries.get(tenantId);

    if (!entry || !url.pathname.startsWith(`${entry.mountPath}/`)) {
      if (url.pathname === "/") {
        sendHtml(
          res,
          200,
          "<!DOCTYPE html><title>Local identity provider</title><p>The local identity provider is running.</p>",
          options.portalOrigin,
        );
        return;
      }
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }

    const rest = url.pathname.slice(entry.mountPath.length);
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(rest);
    if (interaction?.[1]) {
      const isLogin = interaction[2] === "/login" && req.method === "POST";
      handleInteraction(entry, req, res, interaction[1], isLogin).catch(
        (error: unknown) => {
          log(
            JSON.stringify({ msg: "interaction failed", error: String(error) }),
          );
          if (!res.headersSent) {
            sendHtml(
              res,
              400,
              "<!DOCTYPE html><title>Sign-in error</title><p>This sign-in request expired or is invalid. Start again from the portal.</p>",
              options.portalOrigin,
            );
          }
        },
      );
      return;
    }

    // MSAL sends no prompt, so oidc-provider would drop `offline_access`
    // and issue no refresh token: ask for consent, which is granted above.
    if (
      rest === "/auth" &&
      req.method === "GET" &&
      !url.searchParams.has("prompt")
    ) {
      url.searchParams.set("prompt", "consent");
    }
    // oidc-provider derives its mount path from `originalUrl` minus `url`.
    req.url = `${rest}${url.search}`;
    (req as IncomingMessage & { originalUrl?: string }).originalUrl =
      `${entry.mountPath}${req.url}`;
    void entry.provider.callback()(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "localhost", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `https://localhost:${port}`;
  const issuerTemplate = `${origin}/{tenantid}/v2.0`;
  const issuerFor = (tenantId: string) =>
    issuerTemplate.replace("{tenantid}", tenantId);

  for (const tenant of tenants) {
    const issuer = issuerFor(tenant.id);
    const provider = createTenantProvider({
      issuer,
      tenant,
      users,
      keys,
      clientId,
      apiScope,
      portalOrigins: [options.portalOrigin],
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    });
    provider.on("server_error", (_ctx, error) =>
      log(
        JSON.stringify({
          msg: "provider error",
          tenant: tenant.id,
          error: String(error),
        }),
      ),
    );
    entries.set(tenant.id, {
      tenant,
      provider,
      mountPath: new URL(issuer).pathname,
    });
  }

  const first = tenants[0];
  if (!first)
    throw new Error("startLocalIdentityProvider needs at least one tenant.");
  return {
    origin,
    issuer: issuerFor(first.id),
    authority: issuerFor(first.id),
    issuerTemplate,
    issuerFor,
    clientId,
    apiScope,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
