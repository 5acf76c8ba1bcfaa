// Certificates, simulator and client wiring shared by the SM-DP+
// integration tests. Certificates go into a fresh temporary folder.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ensureCertificate,
  ensureLocalCertificates,
  type CertificateFiles,
} from "@/tools/certs/local-ca";
import {
  createEs2PlusClient,
  type CarrierConnection,
  type Es2PlusClient,
} from "@/lib/smdp/es2plus-client";
import type { CarrierTls } from "@/lib/smdp/es2plus-transport";
import {
  startSimulator,
  type SimulatorHandle,
  type SimulatorOptions,
} from "@/tools/simulator/simulator";

export const TEST_EID = "89049032123451234512345678901235";
export const OTHER_EID = "89086030202200000022000023022943";
export const REQUESTER = "nexorasim-portal";

export interface TestCertificates {
  /** Server side of the simulator: localhost certificate and local CA. */
  server: CarrierTls;
  /** What the portal presents: local CA, portal client certificate. */
  portal: CarrierTls;
  /** Carrier client certificate for notifications, trusting the local CA. */
  carrier: CarrierTls;
  /** A client certificate issued by a different CA. */
  foreign: CarrierTls;
}

function readPair(ca: CertificateFiles, pair: CertificateFiles): CarrierTls {
  return {
    ca: readFileSync(ca.certPath),
    cert: readFileSync(pair.certPath),
    key: readFileSync(pair.keyPath),
  };
}

/** Creates a local CA, its certificates, and one foreign client certificate. */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-smdp-"));
  const local = await ensureLocalCertificates(path.join(dir, "local"));
  const carrier = await local.carrierClient("test");
  const foreignDir = path.join(dir, "foreign");
  const foreignClient = await ensureCertificate(foreignDir, {
    name: "foreign-client",
    commonName: "foreign-portal",
    usage: "client",
  });
  const foreignCa = { certPath: path.join(foreignDir, "ca.crt"), keyPath: "" };

  return {
    server: readPair(local.ca, local.localhost),
    portal: readPair(local.ca, local.portalClient),
    carrier: readPair(local.ca, carrier),
    foreign: {
      ...readPair(foreignCa, foreignClient),
      // The foreign client still trusts the simulator's server certificate.
      ca: readFileSync(local.ca.certPath),
    },
  };
}

/** Starts a simulator with two small profile types and no device delays. */
export function startTestSimulator(
  certificates: TestCertificates,
  options: Partial<SimulatorOptions> = {},
): Promise<SimulatorHandle> {
  return startSimulator({
    carrierId: "test",
    tls: certificates.server,
    notificationTls: certificates.carrier,
    profileTypes: [
      { profileType: "consumer", count: 5 },
      { profileType: "single", count: 1 },
    ],
    controlApi: true,
    device: {
      outcome: "silent",
      delaysMs: { eligibility: 0, download: 0, installation: 0 },
    },
    ...options,
  });
}

/** Creates the portal's client for a simulator. */
export function connectClient(
  simulator: SimulatorHandle,
  certificates: TestCertificates,
  overrides: Partial<CarrierConnection> = {},
): Es2PlusClient {
  return createEs2PlusClient({
    carrierId: simulator.carrierId,
    baseUrl: simulator.url,
    functionRequesterIdentifier: REQUESTER,
    tls: certificates.portal,
    timeoutMs: 5_000,
    ...overrides,
  });
}

/** Narrows a result to one `kind`, failing with the whole result otherwise. */
export function expectKind<R extends { kind: string }, K extends R["kind"]>(
  result: R,
  kind: K,
): Extract<R, { kind: K }> {
  if (result.kind !== kind) {
    throw new Error(`Expected kind ${kind}, got ${JSON.stringify(result)}`);
  }
  return result as Extract<R, { kind: K }>;
}
