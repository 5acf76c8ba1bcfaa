import type { FullConfig } from "@playwright/test";
import { findFreePort } from "../../tools/local-stack/ports";
import { startPortalServer } from "../../tools/local-stack/portal-server";

/** Starts the built portal on a free port; tests read PORTAL_URL. */
export default async function globalSetup(_config: FullConfig) {
  const port = await findFreePort();
  const output: string[] = [];
  const portal = await startPortalServer({
    port,
    log: (line) => output.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output.join("")}`);
  });
  process.env.PORTAL_URL = portal.url;

  return async () => {
    await portal.stop();
  };
}
