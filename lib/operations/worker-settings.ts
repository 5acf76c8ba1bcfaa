// Worker options from the environment, shared by the worker inside the
// portal (instrumentation.ts) and the worker alone (`npm run worker`):
//   WORKER_IN_PORTAL         true (default) or false; read by the portal only
//   WORKER_CONCURRENCY       operations at a time (default 16)
//   WORKER_LEASE_MS          lease length in ms (default 60000)
//   WORKER_POLL_INTERVAL_MS  poll delay when idle in ms (default 250)
//   WORKER_MAX_ATTEMPTS      attempts per step (default 5)
//   WORKER_RETRY_BASE_MS     first retry delay bound in ms (default 1000)
//   WORKER_RETRY_MAX_MS      largest retry delay bound in ms (default 60000)
//   WORKER_OWNER             lease owner name (default host, pid and random)
import { z } from "zod";

import type { WorkerOptions } from "./worker";

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

/** The worker options that the WORKER_* variables set. */
export type WorkerSettings = Pick<
  WorkerOptions,
  "owner" | "concurrency" | "leaseMs" | "pollIntervalMs" | "retry"
>;

/** Raised when a WORKER_* variable is malformed; the message names it. */
export class WorkerSettingsError extends Error {
  readonly code = "WORKER_SETTINGS_INVALID";

  constructor(problems: string) {
    super(
      `Invalid worker settings: ${problems}. Fix the WORKER_* variables and restart.`,
    );
    this.name = "WorkerSettingsError";
  }
}

/**
 * Parses the WORKER_* variables into worker options, and whether the portal
 * process runs a worker of its own (`inPortal`).
 *
 * @throws WorkerSettingsError when a variable is malformed
 * @example const { settings } = parseWorkerSettings(process.env);
 */
export function parseWorkerSettings(env: Record<string, string | undefined>): {
  inPortal: boolean;
  settings: WorkerSettings;
} {
  const parsed = workerEnvironmentSchema.safeParse({
    ...env,
    WORKER_IN_PORTAL: env.WORKER_IN_PORTAL?.trim().toLowerCase() || undefined,
  });
  if (!parsed.success) {
    throw new WorkerSettingsError(z.prettifyError(parsed.error));
  }

  const values = parsed.data;
  const retry: NonNullable<WorkerSettings["retry"]> = {};
  if (values.WORKER_MAX_ATTEMPTS !== undefined) {
    retry.maxAttempts = values.WORKER_MAX_ATTEMPTS;
  }
  if (values.WORKER_RETRY_BASE_MS !== undefined) {
    retry.baseDelayMs = values.WORKER_RETRY_BASE_MS;
  }
  if (values.WORKER_RETRY_MAX_MS !== undefined) {
    retry.maxDelayMs = values.WORKER_RETRY_MAX_MS;
  }

  const settings: WorkerSettings = { retry };
  if (values.WORKER_OWNER !== undefined) settings.owner = values.WORKER_OWNER;
  if (values.WORKER_CONCURRENCY !== undefined) {
    settings.concurrency = values.WORKER_CONCURRENCY;
  }
  if (values.WORKER_LEASE_MS !== undefined) {
    settings.leaseMs = values.WORKER_LEASE_MS;
  }
  if (values.WORKER_POLL_INTERVAL_MS !== undefined) {
    settings.pollIntervalMs = values.WORKER_POLL_INTERVAL_MS;
  }

  const inPortal =
    values.WORKER_IN_PORTAL !== "false" && values.WORKER_IN_PORTAL !== "0";
  return { inPortal, settings };
}
