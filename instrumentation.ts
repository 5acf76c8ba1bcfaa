// Next.js calls `register()` once when a server instance starts. In the
// Node.js runtime it starts the operations worker inside the portal
// process, unless WORKER_IN_PORTAL=false (then run `npm run worker`
// alone). The worker reads the store settings and CARRIERS_FILE like the
// portal, and these variables:
//   WORKER_IN_PORTAL         true (default) or false
//   WORKER_CONCURRENCY       operations at a time (default 16)
//   WORKER_LEASE_MS          lease length in ms (default 60000)
//   WORKER_POLL_INTERVAL_MS  poll delay when idle in ms (default 250)
//   WORKER_MAX_ATTEMPTS      attempts per step (default 5)
//   WORKER_RETRY_BASE_MS     first retry delay bound in ms (default 1000)
//   WORKER_RETRY_MAX_MS      largest retry delay bound in ms (default 60000)
//   WORKER_OWNER             lease owner name (default host, pid and random)
// Set NEXT_MANUAL_SIG_HANDLE=true so that SIGINT and SIGTERM stop the
// worker (running steps finish, leases are released) before the process
// exits. Without it Next.js exits on its own schedule, and the leases of
// interrupted steps expire after WORKER_LEASE_MS instead.

import { z } from "zod";

const STARTED = Symbol.for("nexorasim.portal-worker");

const positive = z.coerce.number().int().positive().optional();
const workerEnvironmentSchema = z.object({
  WORKER_IN_PORTAL: z
    .enum(["true", "false", "1", "0"], "true or false")
    .default("true"),
  WORKER_CONCURRENCY: positive,
  WORKER_LEASE_MS: positive,
  WORKER_POLL_INTERVAL_MS: positive,
  WORKER_MAX_ATTEMPTS: positive,
  WORKER_RETRY_BASE_MS: positive,
  WORKER_RETRY_MAX_MS: positive,
  WORKER_OWNER: z.string().trim().min(1).optional(),
});

/** Worker options from the WORKER_* variables; null when it is switched off. */
function workerSettingsFromEnv(env: Record<string, string | undefined>) {
  const parsed = workerEnvironmentSchema.safeParse({
    ...env,
    WORKER_IN_PORTAL: env.WORKER_IN_PORTAL?.trim().toLowerCase() || undefined,
  });
  if (!parsed.success) {
    throw new Error(
      `Invalid worker settings: ${z.prettifyError(parsed.error)}. Fix the WORKER_* variables and restart.`,
    );
  }
  const settings = parsed.data;
  if (
    settings.WORKER_IN_PORTAL === "false" ||
    settings.WORKER_IN_PORTAL === "0"
  ) {
    return null;
  }
  return {
    ...(settings.WORKER_OWNER === undefined
      ? {}
      : { owner: settings.WORKER_OWNER }),
    ...(settings.WORKER_CONCURRENCY === undefined
      ? {}
      : { concurrency: settings.WORKER_CONCURRENCY }),
    ...(settings.WORKER_LEASE_MS === undefined
      ? {}
      : { leaseMs: settings.WORKER_LEASE_MS }),
    ...(settings.WORKER_POLL_INTERVAL_MS === undefined
      ? {}
      : { pollIntervalMs: settings.WORKER_POLL_INTERVAL_MS }),
    retry: {
      ...(settings.WORKER_MAX_ATTEMPTS === undefined
        ? {}
        : { maxAttempts: settings.WORKER_MAX_ATTEMPTS }),
      ...(settings.WORKER_RETRY_BASE_MS === undefined
        ? {}
        : { baseDelayMs: settings.WORKER_RETRY_BASE_MS }),
      ...(settings.WORKER_RETRY_MAX_MS === undefined
        ? {}
        : { maxDelayMs: settings.WORKER_RETRY_MAX_MS }),
    },
  };
}

export async function register(): Promise<void> {
  // Everything that needs Node.js stays inside this branch: the edge build
  // replaces NEXT_RUNTIME and drops the branch with its imports.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { default: pino } = await import("pino");
    const logger = pino({
      name: "operations-worker",
      level: process.env.LOG_LEVEL ?? "info",
    });
    const settings = workerSettingsFromEnv(process.env);
    if (settings === null) {
      logger.info("worker in the portal is off (WORKER_IN_PORTAL=false)");
      return;
    }
    // One worker per process, even if Next.js loads this module twice.
    const flags = globalThis as { [STARTED]?: boolean };
    if (flags[STARTED]) return;
    flags[STARTED] = true;

    const { startWorker } = await import("@/lib/operations/worker");
    const { loadCarrierRegistry } = await import("@/lib/smdp/carrier-registry");
    const { closeStore, getStore } = await import("@/lib/store");
    const worker = startWorker({
      store: await getStore(),
      registry: loadCarrierRegistry(),
      logger,
      ...settings,
    });

    const exitsHere = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, worker: worker.owner }, "stopping the worker");
      worker
        .stop()
        .then(() => (exitsHere ? closeStore() : undefined))
        .then(() => {
          if (exitsHere) process.exit(0);
        })
        .catch((error: unknown) => {
          logger.error({ error: String(error) }, "worker stop failed");
          if (exitsHere) process.exit(1);
        });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }
}
