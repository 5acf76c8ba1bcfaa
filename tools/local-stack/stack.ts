import { X509Certificate, createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  ensureLocalCertificates,
  type LocalCertificates,
} from "../certs/local-ca";
import { DEMO_TENANTS } from "../oidc-provider/demo-directory";
import {
  startLocalIdentityProvider,
  type LocalIdentityProvider,
} from "../oidc-provider/server";
import { upsertDemoOrganizations } from "./demo-organizations";
import { startPortalServer } from "./portal-server";
import { ensureLocalSessionSecret } from "./session-secret";

export interface LocalStackOptions {
  portalPort: number;
  /** 0 picks a free port. */
  identityProviderPort: number;
  /** Folder for certificates, keys and the session secret (`.local`). */
  localDir: string;
  /** SQLite database of the portal. */
  sqlitePath: string;
  accessTokenTtlSeconds?: number;
  /** Extra environment of the portal process. */
  portalEnv?: Record<string, string>;
  log?: (line: string) => void;
}

/** Everything a service of the stack may read when it starts. */
export interface StackContext {
  options: LocalStackOptions;
  certificates: LocalCertificates;
  portalOrigin: string;
  /** Environment of the portal process; services add their settings here. */
  portalEnv: Record<string, string>;
  log: (line: string) => void;
}

export interface RunningService {
  name: string;
  stop(): Promise<void>;
}

/**
 * One part of the local stack. Services start in list order, so a service
 * can add the settings the portal needs to `context.portalEnv` before the
 * portal starts, and stop in reverse order.
 */
export interface StackService {
  name: string;
  start(context: StackContext): Promise<RunningService>;
}

export interface LocalStack {
  portalUrl: string;
  identityProvider: LocalIdentityProvider;
  certificates: LocalCertificates;
  portalEnv: Record<string, string>;
  /** Base64 SHA-256 of the localhost certificate's public key (SPKI). */
  localhostSpkiHash: string;
  stop(): Promise<void>;
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo, as Chromium's SPKI list expects. */
export async function spkiHashOf(certPath: string): Promise<string> {
  const certificate = new X509Certificate(await readFile(certPath));
  const spki = certificate.publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

function identityProviderService(
  onStarted: (provider: LocalIdentityProvider) => void,
): StackService {
  return {
    name: "identity provider",
    async start(context) {
      const provider = await startLocalIdentityProvider({
        port: context.options.identityProviderPort,
        certs: context.certificates,
        portalOrigin: context.portalOrigin,
        keysDir: path.join(context.options.localDir, "oidc"),
        accessTokenTtlSeconds: context.options.accessTokenTtlSeconds,
        log: context.log,
      });
      Object.assign(context.portalEnv, {
        AUTH_AUTHORITY: provider.authority,
        AUTH_CLIENT_ID: provider.clientId,
        AUTH_API_SCOPE: provider.apiScope,
        AUTH_KNOWN_AUTHORITIES: new URL(provider.origin).host,
        AUTH_PROTOCOL_MODE: "OIDC",
      });
      onStarted(provider);
      return { name: "identity provider", stop: () => provider.close() };
    },
  };
}

const demoOrganizationsService: StackService = {
  name: "demo organizations",
  async start(context) {
    await upsertDemoOrganizations(DEMO_TENANTS, {
      ...process.env,
      ...context.portalEnv,
    });
    return { name: "demo organizations", stop: async () => {} };
  },
};

const portalService: StackService = {
  name: "portal",
  async start(context) {
    const portal = await startPortalServer({
      port: context.options.portalPort,
      env: context.portalEnv,
      log: context.log,
    });
    return { name: "portal", stop: () => portal.stop() };
  },
};

/**
 * Starts the local stack: certificates, the identity provider, the demo
 * organizations and the built portal, wired to each other. Requires a
 * prior `next build` (see ensureNextBuild).
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const certificates = await ensureLocalCertificates(
    path.join(options.localDir, "certs"),
  );
  const portalOrigin = `http://localhost:${options.portalPort}`;
  const context: StackContext = {
    options,
    certificates,
    portalOrigin,
    log,
    portalEnv: {
      NODE_EXTRA_CA_CERTS: path.resolve(certificates.ca.certPath),
      SESSION_SECRET: await ensureLocalSessionSecret(options.localDir),
      SQLITE_PATH: options.sqlitePath,
      PORTAL_ORIGIN: portalOrigin,
      ...options.portalEnv,
    },
  };

  let identityProvider: LocalIdentityProvider | undefined;
  const services: StackService[] = [
    identityProviderService((provider) => {
      identityProvider = provider;
    }),
    demoOrganizationsService,
    portalService,
  ];

  const running: RunningService[] = [];
  const stop = async () => {
    for (const service of running.splice(0).reverse()) {
      await service
        .stop()
        .catch((error: unknown) =>
          log(`Stopping ${service.name} failed: ${String(error)}\n`),
        );
    }
  };
  try {
    for (const service of services) {
      running.push(await service.start(context));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (!identityProvider)
    throw new Error("The identity provider did not start.");

  return {
    portalUrl: portalOrigin,
    identityProvider,
    certificates,
    portalEnv: context.portalEnv,
    localhostSpkiHash: await spkiHashOf(certificates.localhost.certPath),
    stop,
  };
}
