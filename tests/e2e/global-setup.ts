import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../tools/local-stack/ports";
import { startLocalStack } from "../../tools/local-stack/stack";

/**
 * Starts the local stack (identity provider, demo organizations, built
 * portal) on free ports with a fresh database. Tests read PORTAL_URL,
 * IDP_ORIGIN and LOCALHOST_SPKI_HASH from the environment.
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "nexorasim-e2e-"));
  const output: string[] = [];
  const stack = await startLocalStack({
    portalPort: await findFreePort(),
    identityProviderPort: 0,
    localDir: path.resolve(".local"),
    sqlitePath: path.join(dataDir, "portal.db"),
    log: (line) => output.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output.join("")}`);
  });
  process.env.PORTAL_URL = stack.portalUrl;
  process.env.IDP_ORIGIN = stack.identityProvider.origin;
  process.env.LOCALHOST_SPKI_HASH = stack.localhostSpkiHash;
  process.env.E2E_SQLITE_PATH = path.join(dataDir, "portal.db");

  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
