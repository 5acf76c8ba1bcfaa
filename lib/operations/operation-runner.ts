// Runs one leased operation step by step. Every write names the version it
// read, so a worker whose lease was taken over (after it stalled past the
// lease) fails its next write and stops instead of running a step twice.
// A step's ES2+ call always uses the step's stored function call
// identifier. After a crash or timeout the next worker resends the same
// call, and the SM-DP+ returns its stored response without executing it
// again.
import type { Logger } from "pino";

import { rollupForCompletedOperation } from "@/lib/metrics/operation-rollups";
import type {
  CarrierConfig,
  CarrierRegistry,
} from "@/lib/smdp/carrier-registry";
import type { Es2Outcome, Es2PlusClient } from "@/lib/smdp/es2plus-client";
import { DuplicateError, VersionConflictError } from "@/lib/store/errors";
import type { Store } from "@/lib/store/repositories";
import type {
  AuditEntryInput,
  CommitRequest,
  Operation,
  OperationPatch,
  OperationStep,
  Profile,
} from "@/lib/store/types";

import type { CircuitBreakers } from "./circuit-breaker";
import {
  diagnoseCancelAfterDownload,
  diagnoseFailure,
  type Diagnosis,
} from "./operation-diagnosis";
import { IccidInUseError } from "./errors";
import { WORKER_ACTOR } from "./operation-context";
import {
  callNumberOf,
  functionCallIdentifierFor,
  STEP,
} from "./operation-steps";
import { applyPendingNotifications } from "./notification-apply";
import {
  classifyOutcome,
  isCarrierFailure,
  reasonLabel,
  retryDelayMs,
  type OutcomeClass,
  type RetrySettings,
} from "./retry-policy";
import { orderedIccid, planStep, type StepEffect } from "./step-handlers";

export interface RunnerDependencies {
  store: Store;
  registry: CarrierRegistry;
  client(carrierId: string): Es2PlusClient;
  breakers: CircuitBreakers;
  retry: RetrySettings;
  leaseMs: number;
  owner: string;
  logger: Logger;
  random: () => number;
  /** True once the worker is stopping: release the lease between steps. */
  stopping(): boolean;
}

/** The lease was taken over: another worker now owns the operation. */
class LeaseLostError extends Error {
  constructor(operationId: string) {
    super(
      `The lease of operation ${operationId} was taken over by another worker.`,
    );
  }
}

const MAX_PROFILE_RETRIES = 5;
/** `premarked` value of a commit that also completed the operation. */
const COMPLETED = -2;
const MAX_ATTEMPT_HISTORY = 10;

// Profile fields that complete an activation code stay out of audit values.
const HIDDEN_PROFILE_FIELDS = new Set(["activationCode", "matchingId"]);

function auditValue(
  record: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (record === null) return null;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "organizationId" || key === "version") continue;
    copy[key] =
      HIDDEN_PROFILE_FIELDS.has(key) && value !== null ? "(set)" : value;
  }
  return copy;
}

function beforeValues(current: Profile | null, patch: Record<string, unknown>) {
  if (current === null) return null;
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(patch))
    before[key] = current[key as keyof Profile];
  return auditValue(before);
}

function stepSummary(step: OperationStep) {
  return {
    name: step.name,
    state: step.state,
    attempts: step.attempts,
    functionCallIdentifier: step.functionCallIdentifier,
    executionStatus: step.executionStatus,
    subjectCode: step.subjectCode,
    reasonCode: step.reasonCode,
    error: step.error,
  };
}

/** Extracts the execution status and status codes of an ES2+ outcome. */
function outcomeCodes(outcome: Es2Outcome<unknown>) {
  return {
    executionStatus:
      outcome.kind === "success" || outcome.kind === "rejected"
        ? outcome.executionStatus
        : null,
    subjectCode:
      outcome.kind === "rejected"
        ? (outcome.statusCodeData?.subjectCode ?? null)
        : null,
    reasonCode:
      outcome.kind === "rejected"
        ? (outcome.statusCodeData?.reasonCode ?? null)
        : null,
  };
}

function attemptRecord(outcome: Es2Outcome<unknown>, at: string) {
  return {
    at,
    outcome: outcome.kind,
    functionCallIdentifier: outcome.functionCallIdentifier,
    latencyMs: outcome.latencyMs,
    ...outcomeCodes(outcome),
  };
}

export class OperationRunner {
  constructor(private readonly deps: RunnerDependencies) {}

  private now(): string {
    return new Date().toISOString();
  }

  private lease() {
    return {
      owner: this.deps.owner,
      expiresAt: new Date(Date.now() + this.deps.leaseMs).toISOString(),
    };
  }

  private workerAudit(
    operation: Operation,
    entry: Pick<AuditEntryInput, "action" | "target" | "outcome"> &
      Partial<AuditEntryInput>,
  ): AuditEntryInput {
    return {
      organizationId: operation.organizationId,
      time: this.now(),
      actor: WORKER_ACTOR,
      sourceIp: null,
      userAgent: null,
      correlationId: operation.id,
      ...entry,
    };
  }

  private log(operation: Operation) {
    return this.deps.logger.child({
      operationId: operation.id,
      kind: operation.kind,
      carrierId: operation.carrierId,
      iccid: operation.iccid,
    });
  }

  private async commit(
    operation: Operation,
    request: Omit<CommitRequest, "organizationId">,
  ) {
    try {
      const result = await this.deps.store.commit({
        organizationId: operation.organizationId,
        ...request,
      });
      if (result.operation === null)
        throw new Error("The commit returned no operation.");
      return result.operation;
    } catch (error) {
      if (
        error instanceof VersionConflictError &&
        error.entity === "operation"
      ) {
        throw new LeaseLostError(operation.id);
      }
      throw error;
    }
  }

  private async update(
    operation: Operation,
    patch: OperationPatch,
  ): Promise<Operation> {
    return this.commit(operation, {
      operation: {
        update: { id: operation.id, patch, ifVersion: operation.version ?? "" },
      },
    });
  }

  /** Run the operation until it ends, waits for a retry, or the worker stops. */
  async run(claimed: Operation): Promise<void> {
    const log = this.log(claimed);
    try {
      await this.runSteps(claimed);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn("lease taken over by another worker; stopped this run");
        return;
      }
      // The lease expires and another attempt resends the same call.
      log.error(
        { error: String(error) },
        "operation run failed; it resumes after the lease expires",
      );
    }
  }

  private async runSteps(claimed: Operation): Promise<void> {
    let operation = claimed;
    const carrier =
      operation.carrierId === null
        ? undefined
        : this.deps.registry.get(operation.carrierId);
    if (carrier === undefined) {
      await this.failWithoutCall(operation, {
        cause: `Carrier "${operation.carrierId ?? ""}" is not in the carrier configuration.`,
        nextStep:
          "Restore the carrier in the carrier file, then retry the operation.",
      });
      return;
    }

    // Index of a step that the previous commit already marked running (with
    // its attempt counted), which saves one write per step.
    let premarked = -1;
    for (;;) {
      const index = operation.steps.findIndex(
        (step) => step.state === "pending" || step.state === "running",
      );
      const found = operation.steps[index];
      if (found === undefined) {
        await this.complete(operation);
        return;
      }
      // A premarked step that ends without a carrier call gives its attempt back.
      const unmarked =
        index === premarked
          ? {
              ...found,
              state: "pending" as const,
              attempts: found.attempts - 1,
            }
          : found;
      if (this.deps.stopping()) {
        await this.update(operation, {
          lease: null,
          steps: operation.steps.map((entry, position) =>
            position === index ? unmarked : entry,
          ),
        });
        return;
      }

      const plan = await planStep({
        operation,
        step: found,
        carrier,
        store: this.deps.store,
      });
      if (plan.kind === "skip") {
        const skipped = {
          ...unmarked,
          state: "skipped" as const,
          finishedAt: this.now(),
          error: plan.reason,
        };
        ({ operation, premarked } = await this.commitStep(
          operation,
          index,
          skipped,
          plan.effect ?? { result: {} },
          carrier,
        ));
        if (premarked === COMPLETED) return;
        continue;
      }
      if (plan.kind === "local") {
        const done = {
          ...unmarked,
          state: "succeeded" as const,
          startedAt: this.now(),
          finishedAt: this.now(),
          attempts: unmarked.attempts + 1,
          result: plan.effect.result,
        };
        ({ operation, premarked } = await this.commitStep(
          operation,
          index,
          done,
          plan.effect,
          carrier,
        ));
        if (premarked === COMPLETED) return;
        continue;
      }

      const decision = this.deps.breakers.check(carrier.id);
      if (!decision.allowed) {
        await this.defer(operation, decision.retryAt, index, unmarked);
        return;
      }

      // Workers that stop during this step (crash, lost lease) each count an
      // attempt without an outcome; past the limit the step fails.
      if (
        index !== premarked &&
        found.attempts >= this.deps.retry.maxAttempts
      ) {
        await this.fail(operation, index, found, null, carrier);
        return;
      }

      let running: OperationStep = found;
      if (index !== premarked) {
        running = {
          ...found,
          state: "running",
          attempts: found.attempts + 1,
          startedAt: found.startedAt ?? this.now(),
        };
        operation = await this.update(operation, {
          state: "running",
          attempts: operation.attempts + 1,
          steps: operation.steps.map((entry, position) =>
            position === index ? running : entry,
          ),
          lease: this.lease(),
        });
      }
      const step = running;

      const callId =
        running.functionCallIdentifier ??
        functionCallIdentifierFor(operation.id, step.name);
      const outcome = await plan.call(this.deps.client(carrier.id), callId);
      this.deps.breakers.record(carrier.id, isCarrierFailure(outcome));

      const previous =
        (running.result?.attemptHistory as unknown[] | undefined) ?? [];
      const attempted: OperationStep = {
        ...running,
        latencyMs: outcome.latencyMs,
        ...outcomeCodes(outcome),
        result: {
          ...(running.result ?? {}),
          attemptHistory: [
            ...previous,
            attemptRecord(outcome, this.now()),
          ].slice(-MAX_ATTEMPT_HISTORY),
        },
      };
      const verdict = classifyOutcome(outcome);

      if (outcome.kind === "success") {
        let effect: StepEffect;
        try {
          effect = plan.onSuccess(outcome.data as Record<string, unknown>);
        } catch (error) {
          await this.fail(operation, index, attempted, outcome, carrier, {
            cause: `${carrier.name}'s SM-DP+ returned ${step.function} data that the portal cannot use: ${(error as Error).message}`,
            nextStep:
              "Report the answer to the carrier, quoting the function call identifier.",
          });
          return;
        }
        const succeeded: OperationStep = {
          ...attempted,
          state: "succeeded",
          finishedAt: this.now(),
          error: null,
          result: { ...attempted.result, ...effect.result },
        };
        try {
          ({ operation, premarked } = await this.commitStep(
            operation,
            index,
            succeeded,
            effect,
            carrier,
          ));
        } catch (error) {
          if (!(error instanceof IccidInUseError)) throw error;
          // Nothing was committed, so the step fails from its stored state.
          await this.fail(operation, index, attempted, outcome, carrier, {
            cause: `${error.message} ${carrier.name}'s SM-DP+ reserved a profile the portal already tracks for another device.`,
            nextStep:
              "Ask the carrier why the ICCID was handed out again, quoting the function call identifier; then cancel the order at the carrier or submit again.",
          });
          return;
        }
        if (premarked === COMPLETED) return;
        continue;
      }

      if (outcome.kind === "rejected" && plan.onRejected !== undefined) {
        const effect = plan.onRejected(outcome);
        if (effect !== null) {
          const skipped: OperationStep = {
            ...attempted,
            state: "skipped",
            finishedAt: this.now(),
            error: String(
              effect.result.reason ?? "rejected; handled by a later step",
            ),
            result: { ...attempted.result, ...effect.result },
          };
          ({ operation, premarked } = await this.commitStep(
            operation,
            index,
            skipped,
            effect,
            carrier,
          ));
          if (premarked === COMPLETED) return;
          continue;
        }
      }

      if (
        verdict.kind !== "permanent" &&
        verdict.kind !== "success" &&
        attempted.attempts < this.deps.retry.maxAttempts
      ) {
        await this.scheduleRetry(operation, index, attempted, verdict, outcome);
        return;
      }
      await this.fail(operation, index, attempted, outcome, carrier);
      return;
    }
  }

  private async commitStep(
    operation: Operation,
    index: number,
    step: OperationStep,
    effect: StepEffect,
    carrier: CarrierConfig,
  ): Promise<{ operation: Operation; premarked: number }> {
    const skips = new Map(
      (effect.skip ?? []).map((entry) => [entry.name, entry.reason]),
    );
    const steps = operation.steps.map((entry, position): OperationStep => {
      if (position === index) return step;
      const reason = skips.get(entry.name);
      if (reason !== undefined && entry.state === "pending") {
        return {
          ...entry,
          state: "skipped",
          finishedAt: this.now(),
          error: reason,
        };
      }
      return entry;
    });
    let patch: OperationPatch = {
      state: "running",
      steps,
      lease: this.lease(),
      ...(effect.operationPatch ?? {}),
    };

    // The next step is marked running in this same commit when it calls
    // the carrier, and the operation completes in it when no step is left.
    const nextIndex = steps.findIndex(
      (entry) => entry.state === "pending" || entry.state === "running",
    );
    const next = steps[nextIndex];
    let premarked = -1;
    let completion: ReturnType<OperationRunner["completion"]> | null = null;
    if (next === undefined) {
      completion = this.completion({
        ...operation,
        ...effect.operationPatch,
        steps,
      });
      patch = { ...patch, ...completion.patch };
    } else if (next.function !== null && !this.deps.stopping()) {
      steps[nextIndex] = {
        ...next,
        state: "running",
        attempts: next.attempts + 1,
        startedAt: next.startedAt ?? this.now(),
      };
      patch = { ...patch, attempts: operation.attempts + 1 };
      premarked = nextIndex;
    }
    const previousStep = operation.steps[index];
    const stepAudit = this.workerAudit(operation, {
      action: `operation.step.${step.state}`,
      target: `operation:${operation.id}`,
      outcome: "success",
      reason: `${step.name}${step.error === null ? "" : `: ${step.error}`}`,
      before: previousStep === undefined ? null : stepSummary(previousStep),
      after: stepSummary(step),
    });

    const write = effect.profile;
    for (let attempt = 1; ; attempt += 1) {
      const current =
        write === undefined
          ? null
          : await this.deps.store.profiles.get(
              operation.organizationId,
              write.iccid,
            );
      const built = write?.build(current) ?? null;
      const audit: AuditEntryInput[] = [];
      let profile: CommitRequest["profile"];
      if (write !== undefined && built !== null) {
        if ("create" in built) {
          profile = { create: built.create };
        } else {
          profile = {
            update: {
              iccid: write.iccid,
              patch: built.update,
              ifVersion: current?.version ?? "",
            },
          };
        }
        const after = "create" in built ? built.create : built.update;
        // One entry records both changes: the profile and the step.
        audit.push(
          this.workerAudit(operation, {
            action: write.action,
            target: write.iccid,
            outcome: "success",
            reason:
              write.reason ??
              `${step.name} of operation ${operation.id}${step.error === null ? "" : `: ${step.error}`}`,
            before: {
              profile:
                "create" in built ? null : beforeValues(current, built.update),
              step: stepAudit.before,
            },
            after: {
              profile: auditValue(after as Record<string, unknown>),
              step: stepAudit.after,
            },
          }),
        );
      } else {
        audit.push(stepAudit);
      }
      if (completion !== null) audit.push(completion.audit);
      try {
        const updated = await this.commit(operation, {
          operation: {
            update: {
              id: operation.id,
              patch,
              ifVersion: operation.version ?? "",
            },
          },
          ...(profile === undefined ? {} : { profile }),
          audit,
          ...(completion === null ? {} : { rollups: completion.rollups }),
        });
        // Notifications can only wait for a profile that did not exist yet.
        if (
          write !== undefined &&
          built !== null &&
          write.action === "profile.ordered"
        ) {
          await applyPendingNotifications(this.deps.store, {
            organizationId: operation.organizationId,
            iccid: write.iccid,
            carrier,
          });
        }
        this.log(updated).info(
          { step: step.name, state: step.state },
          "operation step recorded",
        );
        if (completion !== null) {
          this.log(updated).info("operation succeeded");
          return { operation: updated, premarked: COMPLETED };
        }
        return { operation: updated, premarked };
      } catch (error) {
        const profileConflict =
          (error instanceof VersionConflictError &&
            error.entity === "profile") ||
          error instanceof DuplicateError;
        if (profileConflict && attempt < MAX_PROFILE_RETRIES) continue;
        throw error;
      }
    }
  }

  private async scheduleRetry(
    operation: Operation,
    index: number,
    step: OperationStep,
    verdict: Exclude<OutcomeClass, { kind: "success" } | { kind: "permanent" }>,
    outcome: Es2Outcome<unknown>,
  ): Promise<void> {
    const delay = retryDelayMs(
      step.attempts,
      this.deps.retry,
      this.deps.random,
    );
    const nextAttemptAt = new Date(Date.now() + delay).toISOString();
    // The SM-DP+ stored a definitive rejection under this identifier, so
    // only a new identifier makes a new call. Anything else is resent as it
    // was.
    const functionCallIdentifier =
      verdict.kind === "retry-new-call"
        ? functionCallIdentifierFor(
            operation.id,
            step.name,
            callNumberOf(step, operation.id) + 1,
          )
        : step.functionCallIdentifier;
    const pending: OperationStep = {
      ...step,
      state: "pending",
      functionCallIdentifier,
      error: verdict.reason,
    };
    const codes = outcome.kind === "rejected" ? outcome.statusCodeData : null;
    await this.commit(operation, {
      operation: {
        update: {
          id: operation.id,
          ifVersion: operation.version ?? "",
          patch: {
            state: "waiting",
            nextAttemptAt,
            lease: null,
            steps: operation.steps.map((entry, position) =>
              position === index ? pending : entry,
            ),
          },
        },
      },
      audit: [
        this.workerAudit(operation, {
          action: "operation.retry-scheduled",
          target: `operation:${operation.id}`,
          outcome: "failure",
          statusCodes:
            codes === null
              ? null
              : {
                  subjectCode: codes.subjectCode,
                  reasonCode: codes.reasonCode,
                },
          reason: `${step.name} attempt ${step.attempts} ended with ${reasonLabel(outcome)} (${verdict.reason}); next attempt at ${nextAttemptAt}`,
          before: stepSummary(step),
          after: { ...stepSummary(pending), nextAttemptAt },
        }),
      ],
    });
    this.log(operation).warn(
      {
        step: step.name,
        attempt: step.attempts,
        outcome: reasonLabel(outcome),
        delayMs: delay,
      },
      "operation step failed; retry scheduled",
    );
  }

  private diagnose(
    operation: Operation,
    step: OperationStep,
    outcome: Es2Outcome<unknown> | null,
    carrierName: string,
  ): Diagnosis {
    if (outcome === null) {
      return {
        cause: `${step.function ?? step.name} was interrupted ${step.attempts} times without an outcome.`,
        nextStep:
          "Check the worker logs for crashes, then retry the operation.",
      };
    }
    const codes = outcome.kind === "rejected" ? outcome.statusCodeData : null;
    if (
      step.name === STEP.cancelOrder &&
      codes?.subjectCode === "8.2.1" &&
      codes.reasonCode === "3.3"
    ) {
      return diagnoseCancelAfterDownload(operation.iccid ?? "");
    }
    return diagnoseFailure({
      outcome,
      carrierName,
      functionName: step.function ?? step.name,
      attempts: step.attempts,
      kind: operation.kind,
    });
  }

  private async fail(
    operation: Operation,
    index: number,
    step: OperationStep,
    outcome: Es2Outcome<unknown> | null,
    carrier: CarrierConfig,
    override?: Diagnosis,
  ): Promise<void> {
    const codes = outcome?.kind === "rejected" ? outcome.statusCodeData : null;
    const reasonCode = outcome === null ? "worker-lost" : reasonLabel(outcome);
    const diagnosis =
      override ?? this.diagnose(operation, step, outcome, carrier.name);
    const failed: OperationStep = {
      ...step,
      state: "failed",
      finishedAt: this.now(),
      error: diagnosis.cause,
    };
    const steps = operation.steps.map((entry, position) =>
      position === index ? failed : entry,
    );
    const outcomeRecord = {
      executionStatus: failed.executionStatus,
      subjectCode: failed.subjectCode,
      reasonCode: failed.reasonCode,
      message: `${diagnosis.cause} Next step: ${diagnosis.nextStep}`,
    };
    const input =
      typeof operation.input.confirmationCode === "string"
        ? { input: { ...operation.input, confirmationCode: null } }
        : {};
    const failureAudit = this.workerAudit(operation, {
      action: `operation.${operation.kind}.failed`,
      target: operation.iccid ?? `operation:${operation.id}`,
      outcome: "failure",
      statusCodes:
        codes === null
          ? null
          : { subjectCode: codes.subjectCode, reasonCode: codes.reasonCode },
      reason: outcomeRecord.message,
      before: { state: operation.state },
      after: { state: "failed", step: stepSummary(failed) },
    });

    for (let attempt = 1; ; attempt += 1) {
      const rollback = await this.transferRollback(operation);
      try {
        await this.commit(operation, {
          operation: {
            update: {
              id: operation.id,
              ifVersion: operation.version ?? "",
              patch: {
                state: "failed",
                nextAttemptAt: null,
                lease: null,
                steps,
                outcome: outcomeRecord,
                ...input,
              },
            },
          },
          ...(rollback === null ? {} : { profile: rollback.profile }),
          audit:
            rollback === null ? [failureAudit] : [failureAudit, rollback.audit],
          rollups: rollupForCompletedOperation(
            { ...operation, steps },
            {
              outcome: "failure",
              reasonCode,
              time: this.now(),
            },
          ),
        });
        break;
      } catch (error) {
        const profileConflict =
          error instanceof VersionConflictError && error.entity === "profile";
        if (profileConflict && attempt < MAX_PROFILE_RETRIES) continue;
        throw error;
      }
    }
    this.log(operation).error(
      {
        step: step.name,
        attempts: step.attempts,
        outcome: reasonCode,
      },
      "operation failed",
    );
  }

  /** Profile write that ends "Transferring" on the old profile of a failed transfer. */
  private async transferRollback(operation: Operation) {
    if (operation.kind !== "transfer" || operation.iccid === null) return null;
    const current = await this.deps.store.profiles.get(
      operation.organizationId,
      operation.iccid,
    );
    if (current === null || current.portalStatus !== "Transferring")
      return null;
    const old = operation.input.oldProfile as
      { portalStatus?: string } | undefined;
    const portalStatus = (old?.portalStatus ??
      "Active") as Profile["portalStatus"];
    return {
      profile: {
        update: {
          iccid: current.iccid,
          patch: { portalStatus },
          ifVersion: current.version ?? "",
        },
      },
      audit: this.workerAudit(operation, {
        action: "profile.transfer-abandoned",
        target: current.iccid,
        outcome: "failure",
        reason: `Transfer operation ${operation.id} failed; the profile stays on its device.`,
        before: { portalStatus: current.portalStatus },
        after: { portalStatus },
      }),
    };
  }

  private async failWithoutCall(
    operation: Operation,
    diagnosis: Diagnosis,
  ): Promise<void> {
    const message = `${diagnosis.cause} Next step: ${diagnosis.nextStep}`;
    await this.commit(operation, {
      operation: {
        update: {
          id: operation.id,
          ifVersion: operation.version ?? "",
          patch: {
            state: "failed",
            nextAttemptAt: null,
            lease: null,
            outcome: {
              executionStatus: null,
              subjectCode: null,
              reasonCode: null,
              message,
            },
          },
        },
      },
      audit: [
        this.workerAudit(operation, {
          action: `operation.${operation.kind}.failed`,
          target: operation.iccid ?? `operation:${operation.id}`,
          outcome: "failure",
          reason: message,
          before: { state: operation.state },
          after: { state: "failed" },
        }),
      ],
    });
    this.log(operation).error({ reason: diagnosis.cause }, "operation failed");
  }

  private completionMessage(operation: Operation): string {
    const iccid = orderedIccid(operation);
    if (operation.kind === "provision") {
      return `Profile ${iccid ?? ""} is released; the device can download it.`;
    }
    if (operation.kind === "revoke") {
      return `Order of profile ${operation.iccid ?? ""} cancelled.`;
    }
    const retire = operation.steps.find(
      (step) => step.name === STEP.retireOldProfile,
    );
    const old = operation.iccid ?? "";
    return retire?.state === "succeeded"
      ? `New profile ${iccid ?? ""} is released. Old profile ${old} is retired and needs removal from the old device.`
      : `New profile ${iccid ?? ""} is released. The old order of ${old} was cancelled.`;
  }

  /** Writes that complete an operation whose steps all ended. */
  private completion(operation: Operation) {
    const lastCall = [...operation.steps]
      .reverse()
      .find((step) => step.executionStatus !== null);
    const message = this.completionMessage(operation);
    const patch: OperationPatch = {
      state: "succeeded",
      nextAttemptAt: null,
      lease: null,
      outcome: {
        executionStatus: lastCall?.executionStatus ?? null,
        subjectCode: null,
        reasonCode: null,
        message,
      },
    };
    const audit = this.workerAudit(operation, {
      action: `operation.${operation.kind}.succeeded`,
      target:
        operation.iccid ??
        orderedIccid(operation) ??
        `operation:${operation.id}`,
      outcome: "success",
      reason: message,
      before: { state: operation.state },
      after: { state: "succeeded" },
    });
    const rollups = rollupForCompletedOperation(operation, {
      outcome: "success",
      time: this.now(),
    });
    return { patch, audit, rollups };
  }

  private async complete(operation: Operation): Promise<void> {
    const { patch, audit, rollups } = this.completion(operation);
    await this.commit(operation, {
      operation: {
        update: { id: operation.id, ifVersion: operation.version ?? "", patch },
      },
      audit: [audit],
      rollups,
    });
    this.log(operation).info("operation succeeded");
  }

  private async defer(
    operation: Operation,
    retryAt: number,
    index: number,
    step: OperationStep,
  ): Promise<void> {
    const jitter = Math.floor(this.deps.random() * 1_000);
    await this.update(operation, {
      nextAttemptAt: new Date(retryAt + jitter).toISOString(),
      lease: null,
      steps: operation.steps.map((entry, position) =>
        position === index ? step : entry,
      ),
    });
    this.log(operation).warn(
      { retryAt: new Date(retryAt).toISOString() },
      "carrier circuit breaker open; operation deferred",
    );
  }
}
