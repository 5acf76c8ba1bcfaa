// Starts @vercel/cosmosdb-server over HTTPS on a free localhost port. Its
// bundled certificate has expired, so the server gets a certificate from a
// throwaway local CA and the SDK an agent that trusts that CA only.

import { createHttpsServer } from "@vercel/cosmosdb-server";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { ensureLocalCertificates } from "@/tools/certs/local-ca";

/** The test server accepts any key; the SDK only needs valid base64. */
export const TEST_SERVER_KEY = Buffer.from("cosmos-test-server-key").toString(
  "base64",
);

export interface CosmosTestServer {
  endpoint: string;
  agent: https.Agent;
  stop(): Promise<void>;
}

export async function startCosmosTestServer(): Promise<CosmosTestServer> {
  const certDir = mkdtempSync(path.join(tmpdir(), "nexorasim-cosmos-certs-"));
  const certificates = await ensureLocalCertificates(certDir);
  const server = createHttpsServer({
    keepAlive: true,
    cert: readFileSync(certificates.localhost.certPath),
    key: readFileSync(certificates.localhost.keyPath),
  } as Parameters<typeof createHttpsServer>[0]);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({
    keepAlive: true,
    ca: readFileSync(certificates.ca.certPath),
  });

  return {
    endpoint: `https://localhost:${port}`,
    agent,
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
