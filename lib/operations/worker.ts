// Operations worker: claims due operations with a lease and runs them, at
// most `concurrency` at a time. It runs inside the portal process
// (`startWorker`) or alone (`npm run worker`). Several workers, in one
// process or many, share the store, and leases keep them from running the
// same step at once.
import { randomUUID } from "node:crypto";
import os from "node:os";
import pino, { type Logger } from "pino";

import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";
import { MAX_ES2_TIMEOUT_MS } from "@/lib/smdp/carrier-registry";
import {
  createEs2PlusClient,
  type Es2PlusClient,
} from "@/lib/smdp/es2plus-client";
import type { Store } from "@/lib/store/repositories";
import type { Operation } from "@/lib/store/types";

import {
  CircuitBreakers,
  DEFAULT_CIRCUIT_BREAKER_SETTINGS,
  type CircuitBreakerSettings,
} from "./circuit-breaker";
import { operationSignals } from "./operation-signals";
import { OperationRunner } from "./operation-runner";
import {
  DEFAULT_RECONCILE_SETTINGS,
  reconcileStuckProfiles,
  type ReconcileSettings,
} from "./reconcile";
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from "./retry-policy";

export interface WorkerOptions {
  store: Store;
  registry: CarrierRegistry;
  /** Lease owner written into claimed operations; unique per worker. */
  owner?: string;
  /** Operations run at the same time; default 16. */
  concurrency?: number;
  /**
   * Lease length in milliseconds; default 60 000. Keep it longer than the
   * slowest carrier timeout, or a slow call loses its lease mid-step (the
   * next worker's resend is still safe, but wasted).
   */
  leaseMs?: number;
  /** Delay between polls when nothing is due, in milliseconds; default 250. */
  pollIntervalMs?: number;
  retry?: Partial<RetrySettings>;
  circuitBreaker?: Partial<CircuitBreakerSettings>;
  /** Stuck-profile reconciliation; false turns it off. */
  reconcile?: (Partial<ReconcileSettings> & { intervalMs?: number }) | false;
  logger?: Logger;
  /** Source of randomness for backoff jitter, in [0, 1). */
  random?: () => number;
}

export interface WorkerHandle {
  readonly owner: string;
  /** Poll now instead of waiting for the next poll. */
  wake(): void;
  /**
   * Stop claiming, let running operations finish their current step, and
   * release their leases; resolves when no operation is running.
   */
  stop(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_LEASE_MS = 2 * MAX_ES2_TIMEOUT_MS;
const DEFAULT_POLL_INTERVAL_MS = 250;
const DEFAULT_RECONCILE_INTERVAL_MS = 10 * 60 * 1000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Worker option ${name} must be a positive integer; got ${value}.`,
    );
  }
  return value;
}

/** Start a worker; it polls until `stop()` is called. */
export function startWorker(options: WorkerOptions): WorkerHandle {
  const owner =
    options.owner ??
    `worker-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = positiveInteger(
    "concurrency",
    options.concurrency ?? DEFAULT_CONCURRENCY,
  );
  const leaseMs = positiveInteger(
    "leaseMs",
    options.leaseMs ?? DEFAULT_LEASE_MS,
  );
  const pollIntervalMs = positiveInteger(
    "pollIntervalMs",
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );
  const logger = (options.logger ?? pino({ name: "operations-worker" })).child({
    worker: owner,
  });
  const random = options.random ?? Math.random;

  const clients = new Map<string, Es2PlusClient>();
  function client(carrierId: string): Es2PlusClient {
    let existing = clients.get(carrierId);
    if (existing === undefined) {
      existing = createEs2PlusClient({
        ...options.registry.connection(carrierId),
        logger: logger.child({ component: "es2plus" }),
      });
      clients.set(carrierId, existing);
    }
    return existing;
  }

  let stopping = false;
  const running = new Set<Promise<void>>();
  const runner = new OperationRunner({
    store: options.store,
    registry: options.registry,
    client,
    breakers: new CircuitBreakers({
      ...DEFAULT_CIRCUIT_BREAKER_SETTINGS,
      ...options.circuitBreaker,
    }),
    retry: { ...DEFAULT_RETRY_SETTINGS, ...options.retry },
    leaseMs,
    owner,
    logger,
    random,
    stopping: () => stopping,
  });

  let wakeUp: (() => void) | null = null;
  function wake(): void {
    wakeUp?.();
  }
  function waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  function start(operation: Operation): void {
    const task = runner.run(operation).finally(() => {
      running.delete(task);
      wake();
    });
    running.add(task);
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      // Lets operations that end together free their slots before one claim.
      await new Promise((resolve) => setImmediate(resolve));
      const free = concurrency - running.size;
      let claimed: Operation[] = [];
      if (free > 0) {
        try {
          claimed = await options.store.operations.claimDue({
            now: new Date().toISOString(),
            owner,
            leaseMs,
            limit: free,
          });
        } catch (error) {
          logger.error(
            { error: String(error) },
            "claiming due operations failed; retrying after the poll interval",
          );
        }
        for (const operation of claimed) {
          if (stopping) break;
          start(operation);
        }
      }
      if (claimed.length === 0 || claimed.length < free) {
        await waitForWake(pollIntervalMs);
      }
    }
  }

  operationSignals.on("submitted", wake);

  let reconcileTimer: NodeJS.Timeout | null = null;
  if (options.reconcile !== false) {
    const { intervalMs, ...settings } = options.reconcile ?? {};
    const reconcileSettings = { ...DEFAULT_RECONCILE_SETTINGS, ...settings };
    reconcileTimer = setInterval(() => {
      reconcileStuckProfiles(options.store, reconcileSettings)
        .then((flagged) => {
          if (flagged > 0)
            logger.warn({ flagged }, "stuck profiles flagged for attention");
        })
        .catch((error: unknown) =>
          logger.error({ error: String(error) }, "reconciliation failed"),
        );
    }, intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS);
    reconcileTimer.unref();
  }

  logger.info(
    { concurrency, leaseMs, pollIntervalMs },
    "operations worker started",
  );
  const looping = loop().catch((error: unknown) => {
    logger.error({ error: String(error) }, "operations worker loop stopped");
  });

  return {
    owner,
    wake,
    async stop() {
      if (!stopping) {
        stopping = true;
        operationSignals.off("submitted", wake);
        if (reconcileTimer !== null) clearInterval(reconcileTimer);
        wake();
      }
      await looping;
      while (running.size > 0) await Promise.allSettled([...running]);
      for (const entry of clients.values()) entry.close();
      clients.clear();
      logger.info("operations worker stopped");
    },
  };
}
