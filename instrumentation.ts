// Next.js calls `register()` once when a server instance starts. In the
// Node.js runtime it starts the operations worker inside the portal
// process, unless WORKER_IN_PORTAL=false (then run `npm run worker`
// alone). The worker reads the store settings and CARRIERS_FILE like the
// portal, and the WORKER_* variables listed in
// lib/operations/worker-settings.ts.
// Set NEXT_MANUAL_SIG_HANDLE=true so that SIGINT and SIGTERM stop the
// worker (running steps finish, leases are released) before the process
// exits. Without it Next.js exits on its own schedule, and the leases of
// interrupted steps expire after WORKER_LEASE_MS instead.

const STARTED = Symbol.for("nexorasim.portal-worker");

export async function register(): Promise<void> {
  // Everything that needs Node.js stays inside this branch: the edge build
  // replaces NEXT_RUNTIME and drops the branch with its imports.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { default: pino } = await import("pino");
    const logger = pino({
      name: "operations-worker",
      level: process.env.LOG_LEVEL ?? "info",
    });
    const { parseWorkerSettings } = await import(
      "@/lib/operations/worker-settings"
    );
    const { inPortal, settings } = parseWorkerSettings(process.env);
    if (!inPortal) {
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
