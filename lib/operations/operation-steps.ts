// Planned steps of each operation kind and their function call identifiers.
// Each ES2+ call is one step. Its `functionCallIdentifier` is derived from
// the operation id and the step name, not from the attempt. So a retry
// after a crash, a timeout or a lost response is a resend that the SM-DP+
// recognises, not a new order. Only a definitive, retryable rejection moves
// the step to a numbered identifier.
import type { Es2Function, OperationStep } from "@/lib/store/types";

export const STEP = {
  downloadOrder: "DownloadOrder",
  confirmOrder: "ConfirmOrder",
  releaseProfile: "ReleaseProfile",
  cancelOrder: "CancelOrder",
  cancelOldOrder: "CancelOldOrder",
  retireOldProfile: "RetireOldProfile",
} as const;

export type StepName = (typeof STEP)[keyof typeof STEP];

const STEP_FUNCTIONS: Record<StepName, Es2Function | null> = {
  DownloadOrder: "DownloadOrder",
  ConfirmOrder: "ConfirmOrder",
  ReleaseProfile: "ReleaseProfile",
  CancelOrder: "CancelOrder",
  CancelOldOrder: "CancelOrder",
  RetireOldProfile: null,
};

/**
 * Return the call identifier of a step: `<operation id>.<step name>`, plus
 * `.<n>` for the n-th new call after the SM-DP+ definitively rejected the
 * previous one with a retryable code (a resend of that call would only get
 * the stored rejection back).
 */
export function functionCallIdentifierFor(
  operationId: string,
  stepName: string,
  callNumber = 1,
): string {
  const base = `${operationId}.${stepName}`;
  return callNumber <= 1 ? base : `${base}.${callNumber}`;
}

/** Return the call number encoded in a step's identifier (1 for the base form). */
export function callNumberOf(step: OperationStep, operationId: string): number {
  const base = `${operationId}.${step.name}`;
  const id = step.functionCallIdentifier ?? base;
  if (id === base) return 1;
  const suffix = Number(id.slice(base.length + 1));
  return Number.isInteger(suffix) && suffix > 1 ? suffix : 1;
}

function plannedStep(operationId: string, name: StepName): OperationStep {
  const fn = STEP_FUNCTIONS[name];
  return {
    name,
    function: fn,
    functionCallIdentifier:
      fn === null ? null : functionCallIdentifierFor(operationId, name),
    state: "pending",
    attempts: 0,
    startedAt: null,
    finishedAt: null,
    latencyMs: null,
    executionStatus: null,
    subjectCode: null,
    reasonCode: null,
    error: null,
    result: null,
  };
}

const PROVISION_STEPS: StepName[] = [
  STEP.downloadOrder,
  STEP.confirmOrder,
  STEP.releaseProfile,
];

export function planProvisionSteps(operationId: string): OperationStep[] {
  return PROVISION_STEPS.map((name) => plannedStep(operationId, name));
}

/**
 * Provision the new profile first, so the device is never left without one,
 * then cancel the old order or, once downloaded, retire the old profile.
 */
export function planTransferSteps(operationId: string): OperationStep[] {
  return [...PROVISION_STEPS, STEP.cancelOldOrder, STEP.retireOldProfile].map(
    (name) => plannedStep(operationId, name),
  );
}

export function planRevokeSteps(operationId: string): OperationStep[] {
  return [plannedStep(operationId, STEP.cancelOrder)];
}
