// Runs the operations worker alone: `npm run worker`. The store reads its
// settings (STORE, SQLITE_PATH and the others) from the environment, and
// the carriers come from CARRIERS_FILE. The worker's own variables are:
//   WORKER_CONCURRENCY       operations at a time (default 16)
//   WORKER_LEASE_MS          lease length in ms (default 60000)
//   WORKER_POLL_INTERVAL_MS  poll delay when idle in ms (default 250)
//   WORKER_MAX_ATTEMPTS      attempts per step (default 5)
//   WORKER_RETRY_BASE_MS     first retry delay bound in ms (default 1000)
//   WORKER_RETRY_MAX_MS      largest retry delay bound in ms (default 60000)
//   WORKER_OWNER             lease owner name (default host, pid and random)
// SIGINT or SIGTERM stops claiming, lets running steps finish and releases
// the leases before exiting.
import pino from "pino";
import { z } from "zod";

import { startWorker } from "@/lib/operations/worker";
import { loadCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { closeStore, getStore } from "@/lib/store";

const positive = z.coerce.number().int().positive().optional();
const environmentSchema = z.object({
  WORKER_CONCURRENCY: positive,
  WORKER_LEASE_MS: positive,
  WORKER_POLL_INTERVAL_MS: positive,
  WORKER_MAX_ATTEMPTS: positive,
  WORKER_RETRY_BASE_MS: positive,
  WORKER_RETRY_MAX_MS: positive,
  WORKER_OWNER: z.string().trim().min(1).optional(),
});

async function main(): Promise<void> {
  const logger = pino({
    name: "operations-worker",
    level: process.env.LOG_LEVEL ?? "info",
  });
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) {
    logger.fatal(
      { problems: z.prettifyError(parsed.error) },
      "invalid worker settings",
    );
    process.exit(2);
  }
  const env = parsed.data;
  const registry = loadCarrierRegistry();
  const store = await getStore();

  const worker = startWorker({
    store,
    registry,
    logger,
    ...(env.WORKER_OWNER === undefined ? {} : { owner: env.WORKER_OWNER }),
    ...(env.WORKER_CONCURRENCY === undefined
      ? {}
      : { concurrency: env.WORKER_CONCURRENCY }),
    ...(env.WORKER_LEASE_MS === undefined
      ? {}
      : { leaseMs: env.WORKER_LEASE_MS }),
    ...(env.WORKER_POLL_INTERVAL_MS === undefined
      ? {}
      : { pollIntervalMs: env.WORKER_POLL_INTERVAL_MS }),
    retry: {
      ...(env.WORKER_MAX_ATTEMPTS === undefined
        ? {}
        : { maxAttempts: env.WORKER_MAX_ATTEMPTS }),
      ...(env.WORKER_RETRY_BASE_MS === undefined
        ? {}
        : { baseDelayMs: env.WORKER_RETRY_BASE_MS }),
      ...(env.WORKER_RETRY_MAX_MS === undefined
        ? {}
        : { maxDelayMs: env.WORKER_RETRY_MAX_MS }),
    },
  });

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
