// The notification front of the local stack: the HTTPS server that verifies
// each simulated carrier's client certificate and applies its
// HandleDownloadProgressInfo notifications to the portal's store. It runs in
// the stack's process and opens the same store as the portal.
import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { loadStoreConfig } from "@/lib/config/env";
import { startNotificationHttpsServer } from "@/lib/operations/notification-https-server";
import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";
import { createStoreFromConfig } from "@/lib/store";
import type { LocalCertificates } from "../certs/local-ca";

export interface NotificationFront {
  /** Endpoint URL to give the simulators as their notificationUrl. */
  url: string;
  close(): Promise<void>;
}

/** Starts the front on a free loopback port with the localhost certificate. */
export async function startNotificationFront(options: {
  registry: CarrierRegistry;
  certificates: LocalCertificates;
  /** Environment the store settings (SQLITE_PATH, ...) are read from. */
  env: Record<string, string | undefined>;
  logger: Logger;
}): Promise<NotificationFront> {
  const store = await createStoreFromConfig(loadStoreConfig(options.env));
  const logger = options.logger.child({ component: "notification-front" });
  try {
    const server = await startNotificationHttpsServer({
      store,
      registry: options.registry,
      logger,
      cert: await readFile(options.certificates.localhost.certPath),
      key: await readFile(options.certificates.localhost.keyPath),
      port: 0,
    });
    logger.info({ url: server.url }, "notification front listening");
    return {
      url: server.url,
      async close() {
        await server.close();
        await store.close();
        logger.info("notification front stopped");
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
