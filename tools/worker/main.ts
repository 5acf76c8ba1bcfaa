// Runs the operations worker alone: `npm run worker`. The store reads its
// settings (STORE, SQLITE_PATH and the others) from the environment, and
// the carriers come from CARRIERS_FILE, and the worker's own WORKER_*
// variables are listed in lib/operations/worker-settings.ts.
// SIGINT or SIGTERM stops claiming, lets running steps finish and releases
// the leases before exiting.
import pino from "pino";

import { startWorker } from "@/lib/operations/worker";
import {
  parseWorkerSettings,
  WorkerSettingsError,
} from "@/lib/operations/worker-settings";
import { loadCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { closeStore, getStore } from "@/lib/store";

async function main(): Promise<void> {
  const logger = pino({
    name: "operations-worker",
    level: process.env.LOG_LEVEL ?? "info",
  });
  let settings;
  try {
    settings = parseWorkerSettings(process.env).settings;
  } catch (error) {
    if (!(error instanceof WorkerSettingsError)) throw error;
    logger.fatal({ problems: error.message }, "invalid worker settings");
    process.exit(2);
  }
  const registry = loadCarrierRegistry();
  const store = await getStore();

  const worker = startWorker({ store, registry, logger, ...settings });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the worker");
    worker
      .stop()
      .then(() => closeStore())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ error: String(error) }, "worker stop failed");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // Configuration errors name the file, variable or field to fix.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
