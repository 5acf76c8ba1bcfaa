import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../tools/local-stack/ports";
import { startLocalStack } from "../../tools/local-stack/stack";

/** Device step delays of the simulators, so notifications arrive in about a second. */
const TEST_DEVICE_DELAYS_MS = {
  eligibility: 200,
  download: 300,
  installation: 300,
};

/**
 * Starts the full local stack on free ports with a fresh database: the
 * identity provider, the demo organizations, the notification front, the
 * carrier simulators (short device delays, control routes on) and the
 * built portal with the worker inside it. Tests read PORTAL_URL,
 * IDP_ORIGIN, LOCALHOST_SPKI_HASH, E2E_SQLITE_PATH, E2E_CERTS_DIR and
 * E2E_SIMULATORS (JSON: carrier id to simulator base URL).
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "nexorasim-e2e-"));
  const localDir = path.resolve(".local");
  const output: string[] = [];
  const stack = await startLocalStack({
    portalPort: await findFreePort(),
    identityProviderPort: 0,
    localDir,
    sqlitePath: path.join(dataDir, "portal.db"),
    operations: {
      carriersFile: "config/carriers.local.json",
      portalCarriersFile: path.join(dataDir, "carriers.json"),
      simulatorPorts: "free",
      deviceDelaysMs: TEST_DEVICE_DELAYS_MS,
      simulatorControlApi: true,
      workerEnv: { WORKER_RETRY_BASE_MS: "200", WORKER_RETRY_MAX_MS: "2000" },
    },
    log: (line) => output.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output.join("")}`);
  });
  process.env.PORTAL_URL = stack.portalUrl;
  process.env.IDP_ORIGIN = stack.identityProvider.origin;
  process.env.LOCALHOST_SPKI_HASH = stack.localhostSpkiHash;
  process.env.E2E_SQLITE_PATH = path.join(dataDir, "portal.db");
  process.env.E2E_CERTS_DIR = path.join(localDir, "certs");
  process.env.E2E_SIMULATORS = JSON.stringify(
    Object.fromEntries(stack.simulatedCarriers.map((c) => [c.id, c.url])),
  );
  process.env.E2E_OPERATIONS = "1";

  return async () => {
    await stack.stop();
    if (process.env.E2E_STACK_LOG) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(process.env.E2E_STACK_LOG, output.join(""));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
}
