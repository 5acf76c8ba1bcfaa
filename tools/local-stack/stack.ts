import { X509Certificate, createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pino, { type Logger } from "pino";
import {
  ensureLocalCertificates,
  type LocalCertificates,
} from "../certs/local-ca";
import { DEMO_TENANTS } from "../oidc-provider/demo-directory";
import {
  startLocalIdentityProvider,
  type LocalIdentityProvider,
} from "../oidc-provider/server";
import type { SeedSummary } from "../seed/seed-demo";
import type { DeviceSettings } from "../simulator/simulator-settings";
import { startCarrierSimulators } from "./carrier-simulators";
import { seedDemoOrganizationOnce } from "./demo-seed";
import { upsertDemoOrganizations } from "./demo-organizations";
import {
  loadLocalCarriers,
  writePortalCarriersFile,
  type LocalCarriers,
} from "./local-carriers";
import { startNotificationFront } from "./notification-front";
import { startPortalServer } from "./portal-server";
import { ensureLocalSessionSecret } from "./session-secret";

/** The simulated carriers and the worker, which carrier operations need. */
export interface StackOperationsOptions {
  /** Source carrier file with `simulator` blocks (config/carriers.local.json). */
  carriersFile: string;
  /** Where to write the carrier file the portal reads. */
  portalCarriersFile: string;
  /** "configured" uses each `simulator.port`; "free" picks free ports. */
  simulatorPorts: "configured" | "free";
  /** Simulated device step delays; the simulator's defaults when absent. */
  deviceDelaysMs?: DeviceSettings["delaysMs"];
  /** Serves the simulators' /_sim/ control routes (tests). */
  simulatorControlApi?: boolean;
  /** Number of this start (0 to 99) in simulated ICCIDs; see startCarrierSimulators. */
  iccidGeneration?: number;
  /** Runs the worker inside the portal process; default true. */
  workerInPortal?: boolean;
  /** Extra WORKER_* settings of the worker in the portal. */
  workerEnv?: Record<string, string>;
}

/** A carrier the stack simulates. */
export interface SimulatedCarrier {
  id: string;
  name: string;
  /** Base URL of its simulated SM-DP+, as written to the portal's carrier file. */
  url: string;
}

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
  /** Simulators, notification front and worker; absent: none of them. */
  operations?: StackOperationsOptions;
  /** Demo data written when the demo organization has no profiles yet. */
  seed?: { profiles: number; days: number };
  /** Detailed output of the servers (default: dropped). */
  log?: (line: string) => void;
  /** Milestones for the person waiting, such as seeding progress. */
  progress?: (line: string) => void;
}

/** Everything a service of the stack may read when it starts. */
export interface StackContext {
  options: LocalStackOptions;
  certificates: LocalCertificates;
  portalOrigin: string;
  /** Environment of the portal process; services add their settings here. */
  portalEnv: Record<string, string>;
  log: (line: string) => void;
  /** pino logger of the services in this process, written through `log`. */
  logger: Logger;
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
  /** Empty without `operations`. */
  simulatedCarriers: SimulatedCarrier[];
  /** URL the simulators post notifications to; null without `operations`. */
  notificationUrl: string | null;
  /** Whether the worker runs inside the portal process. */
  workerInPortal: boolean;
  /** What seeding wrote; null when it was off or the data already existed. */
  seeded: SeedSummary | null;
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

function demoSeedService(
  seed: { profiles: number; days: number },
  onSeeded: (summary: SeedSummary | null) => void,
): StackService {
  return {
    name: "demo data",
    async start(context) {
      onSeeded(
        await seedDemoOrganizationOnce({
          env: { ...process.env, ...context.portalEnv },
          ...seed,
          log: context.options.progress ?? context.log,
        }),
      );
      return { name: "demo data", stop: async () => {} };
    },
  };
}

/**
 * The carrier file, the notification front and the simulators. The front
 * starts first because each simulator needs its URL; the portal's carrier
 * file is written last, once the simulators' ports are known.
 */
function carrierServices(
  operations: StackOperationsOptions,
  onStarted: (carriers: SimulatedCarrier[], notificationUrl: string) => void,
): StackService[] {
  let carriers: LocalCarriers | undefined;
  let notificationUrl: string | undefined;
  return [
    {
      name: "notification front",
      async start(context) {
        carriers = await loadLocalCarriers(operations.carriersFile);
        const front = await startNotificationFront({
          registry: carriers.registry,
          certificates: context.certificates,
          env: { ...process.env, ...context.portalEnv },
          logger: context.logger,
        });
        notificationUrl = front.url;
        return { name: "notification front", stop: () => front.close() };
      },
    },
    {
      name: "carrier simulators",
      async start(context) {
        if (carriers === undefined || notificationUrl === undefined) {
          throw new Error(
            "The notification front must start before the simulators.",
          );
        }
        const simulators = await startCarrierSimulators({
          entries: carriers.entries,
          sourceFile: carriers.sourceFile,
          certificates: context.certificates,
          notificationUrl,
          ports: operations.simulatorPorts,
          deviceDelaysMs: operations.deviceDelaysMs,
          controlApi: operations.simulatorControlApi ?? false,
          iccidGeneration: operations.iccidGeneration,
          logger: context.logger,
        });
        const urls = new Map(simulators.map((s) => [s.carrierId, s.url]));
        await writePortalCarriersFile(
          operations.portalCarriersFile,
          carriers.entries,
          urls,
        );
        context.portalEnv.CARRIERS_FILE = path.resolve(
          operations.portalCarriersFile,
        );
        onStarted(
          carriers.entries
            .filter((entry) => urls.has(entry.id))
            .map((entry) => ({
              id: entry.id,
              name: entry.name,
              url: urls.get(entry.id) ?? "",
            })),
          notificationUrl,
        );
        return {
          name: "carrier simulators",
          stop: async () => {
            await Promise.all(simulators.map((s) => s.close()));
          },
        };
      },
    },
  ];
}

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
 * Starts the local stack, wired together: certificates, the identity
 * provider, the demo organizations, the demo data (with `seed`), the
 * notification front and the carrier simulators (with `operations`), and
 * the built portal with the worker inside it. Requires a prior
 * `next build` (see ensureNextBuild).
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const logger = pino(
    { name: "local-stack", level: process.env.LOG_LEVEL ?? "info" },
    { write: (line: string) => log(line) },
  );
  const certificates = await ensureLocalCertificates(
    path.join(options.localDir, "certs"),
  );
  const portalOrigin = `http://localhost:${options.portalPort}`;
  const operations = options.operations;
  const workerInPortal =
    operations !== undefined && (operations.workerInPortal ?? true);
  const context: StackContext = {
    options,
    certificates,
    portalOrigin,
    log,
    logger,
    portalEnv: {
      NODE_EXTRA_CA_CERTS: path.resolve(certificates.ca.certPath),
      SESSION_SECRET: await ensureLocalSessionSecret(options.localDir),
      SQLITE_PATH: options.sqlitePath,
      PORTAL_ORIGIN: portalOrigin,
      WORKER_IN_PORTAL: workerInPortal ? "true" : "false",
      // instrumentation.ts then stops the worker before the process exits.
      ...(workerInPortal ? { NEXT_MANUAL_SIG_HANDLE: "true" } : {}),
      ...operations?.workerEnv,
      ...options.portalEnv,
    },
  };

  let identityProvider: LocalIdentityProvider | undefined;
  let simulatedCarriers: SimulatedCarrier[] = [];
  let notificationUrl: string | null = null;
  let seeded: SeedSummary | null = null;
  const services: StackService[] = [
    identityProviderService((provider) => {
      identityProvider = provider;
    }),
    demoOrganizationsService,
    ...(options.seed === undefined
      ? []
      : [
          demoSeedService(options.seed, (summary) => {
            seeded = summary;
          }),
        ]),
    ...(operations === undefined
      ? []
      : carrierServices(operations, (carriers, url) => {
          simulatedCarriers = carriers;
          notificationUrl = url;
        })),
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
    simulatedCarriers,
    notificationUrl,
    workerInPortal,
    seeded,
    stop,
  };
}
