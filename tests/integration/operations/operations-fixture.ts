// Shared wiring of the operations integration tests: certificates from the
// local CA in a temporary folder, a SQLite store file, one SM-DP+ simulator
// over mutual TLS, the notification HTTPS front, and a carrier file that
// points at them.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";

import {
  startNotificationHttpsServer,
  type NotificationHttpsServer,
} from "@/lib/operations/notification-https-server";
import type { OperationContext } from "@/lib/operations/operation-context";
import {
  startWorker,
  type WorkerHandle,
  type WorkerOptions,
} from "@/lib/operations/worker";
import {
  loadCarrierRegistry,
  type CarrierRegistry,
} from "@/lib/smdp/carrier-registry";
import { createSqliteStore } from "@/lib/store";
import type { SqliteStore } from "@/lib/store/sqlite/store";
import type { Operation } from "@/lib/store/types";
import {
  ensureLocalCertificates,
  type LocalCertificates,
} from "@/tools/certs/local-ca";
import { findFreePort } from "@/tools/local-stack/ports";
import {
  startSimulator,
  type SimulatorHandle,
  type SimulatorOptions,
} from "@/tools/simulator/simulator";

export const ORGANIZATION_ID = "org-operations-test";
export const TEST_EID = "89049032123451234512345678901235";
export const OTHER_EID = "89086030202200000022000023022943";
export const SILENT_LOGGER = pino({ level: "silent" });

export const ADMIN_CONTEXT: OperationContext = {
  organizationId: ORGANIZATION_ID,
  actor: { oid: "user-admin", name: "Ada Admin", roles: ["Portal.Admin"] },
  sourceIp: "127.0.0.1",
  userAgent: "vitest",
  correlationId: "correlation-test",
};

export interface OperationsEnvironment {
  dir: string;
  certificates: LocalCertificates;
  carrierCertificate: { certPath: string; keyPath: string };
  store: SqliteStore;
  storePath: string;
  registry: CarrierRegistry;
  carriersFile: string;
  simulator: SimulatorHandle;
  notifications: NotificationHttpsServer;
  /** A closed port on localhost, for a carrier that is down. */
  downPort: number;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  simulator?: Partial<SimulatorOptions>;
  timeoutMs?: number;
}

let certificateCache: Promise<{
  dir: string;
  certificates: LocalCertificates;
}> | null = null;

function sharedCertificates() {
  certificateCache ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-operations-certs-"));
    return { dir, certificates: await ensureLocalCertificates(dir) };
  })();
  return certificateCache;
}

function carrierFile(options: {
  simulatorPort: number;
  downPort: number;
  certs: LocalCertificates;
  timeoutMs: number;
}) {
  const certificates = {
    ca: options.certs.ca.certPath,
    clientCert: options.certs.portalClient.certPath,
    clientKey: options.certs.portalClient.keyPath,
  };
  const base = {
    functionRequesterIdentifier: "nexorasim-portal",
    defaultSmdpAddress: "smdp.default.localhost",
    certificates,
    profileTypes: ["consumer", "single"],
    timeoutMs: options.timeoutMs,
  };
  return {
    carriers: [
      {
        ...base,
        id: "test",
        name: "Test Carrier",
        es2BaseUrl: `https://localhost:${options.simulatorPort}`,
        notificationCaller: {
          commonName: "carrier-test",
          ca: options.certs.ca.certPath,
        },
      },
      {
        ...base,
        id: "test-two-step",
        name: "Two-step Carrier",
        es2BaseUrl: `https://localhost:${options.simulatorPort}`,
        releaseOnConfirm: false,
        notificationCaller: { commonName: "carrier-test-two-step" },
      },
      {
        ...base,
        id: "down",
        name: "Down Carrier",
        es2BaseUrl: `https://localhost:${options.downPort}`,
        notificationCaller: { commonName: "carrier-down" },
      },
    ],
  };
}

/** Start a simulator, the notification front and a store in a fresh folder. */
export async function createOperationsEnvironment(
  options: EnvironmentOptions = {},
): Promise<OperationsEnvironment> {
  const { certificates } = await sharedCertificates();
  const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-operations-"));
  const carrierCertificate = await certificates.carrierClient("test");
  const storePath = path.join(dir, "store.db");
  const store = createSqliteStore({ path: storePath });
  await store.organizations.upsert({
    id: ORGANIZATION_ID,
    name: "Operations Test Org",
    tenantIds: ["tenant-operations-test"],
    createdAt: new Date().toISOString(),
  });

  const simulatorPort = await findFreePort();
  const downPort = await findFreePort();
  const carriersFile = path.join(dir, "carriers.json");
  writeFileSync(
    carriersFile,
    JSON.stringify(
      carrierFile({
        simulatorPort,
        downPort,
        certs: certificates,
        timeoutMs: options.timeoutMs ?? 2_000,
      }),
      null,
      2,
    ),
  );
  const registry = loadCarrierRegistry(carriersFile);

  const notifications = await startNotificationHttpsServer({
    store,
    registry,
    logger: SILENT_LOGGER,
    cert: readFileSync(certificates.localhost.certPath),
    key: readFileSync(certificates.localhost.keyPath),
  });

  const simulator = await startSimulator({
    carrierId: "test",
    port: simulatorPort,
    tls: {
      ca: readFileSync(certificates.ca.certPath),
      cert: readFileSync(certificates.localhost.certPath),
      key: readFileSync(certificates.localhost.keyPath),
    },
    notificationTls: {
      ca: readFileSync(certificates.ca.certPath),
      cert: readFileSync(carrierCertificate.certPath),
      key: readFileSync(carrierCertificate.keyPath),
    },
    notificationUrl: notifications.url,
    profileTypes: [
      { profileType: "consumer", count: 50 },
      { profileType: "single", count: 1 },
    ],
    device: {
      outcome: "silent",
      delaysMs: { eligibility: 0, download: 0, installation: 0 },
    },
    ...options.simulator,
  });

  return {
    dir,
    certificates,
    carrierCertificate,
    store,
    storePath,
    registry,
    carriersFile,
    simulator,
    notifications,
    downPort,
    async close() {
      await simulator.close();
      await notifications.close();
      await store.close();
    },
  };
}

/** Worker settings for tests: short leases, fast retries, no reconciliation. */
export function startTestWorker(
  environment: Pick<OperationsEnvironment, "store" | "registry">,
  overrides: Partial<WorkerOptions> = {},
): WorkerHandle {
  return startWorker({
    store: environment.store,
    registry: environment.registry,
    concurrency: 4,
    leaseMs: 5_000,
    pollIntervalMs: 20,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
    circuitBreaker: { failureThreshold: 1_000, openMs: 10 },
    reconcile: false,
    logger: SILENT_LOGGER,
    ...overrides,
  });
}

/** Poll `check` until it returns a value other than undefined. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  description: string,
  deadlineMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Wait until the operation is succeeded or failed, and return it. */
export function waitForOperationEnd(
  store: SqliteStore,
  operationId: string,
): Promise<Operation> {
  return waitFor(async () => {
    const operation = await store.operations.get(ORGANIZATION_ID, operationId);
    return operation !== null &&
      (operation.state === "succeeded" || operation.state === "failed")
      ? operation
      : undefined;
  }, `operation ${operationId} to end`);
}

/** Every row of every table, to compare the store before and after. */
export function storeSnapshot(store: SqliteStore): string {
  const tables = store.database
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [
      name,
      store.database.prepare(`SELECT * FROM "${name}"`).all(),
    ]),
  );
}

let keyCounter = 0;

/** A fresh idempotency key, as a form would generate one. */
export function newIdempotencyKey(): string {
  keyCounter += 1;
  return `test-key-${process.pid}-${Date.now()}-${keyCounter}`;
}
