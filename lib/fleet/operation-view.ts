// What the browser receives about an operation: its state, steps, attempts,
// latencies and status codes with their plain-language diagnosis. Inputs
// and step results stay on the server because they can carry matching IDs,
// from which an activation code can be rebuilt.

import { describeStatusCode } from "@/lib/esim/status-codes";
import type {
  Operation,
  OperationState,
  OperationStep,
} from "@/lib/store/types";

export interface DiagnosisView {
  known: boolean;
  cause: string;
  nextStep: string;
  retryable: boolean;
}

export interface OperationStepView {
  name: string;
  function: OperationStep["function"];
  functionCallIdentifier: string | null;
  state: OperationStep["state"];
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  latencyMs: number | null;
  executionStatus: string | null;
  subjectCode: string | null;
  reasonCode: string | null;
  error: string | null;
  diagnosis: DiagnosisView | null;
}

export interface OperationView {
  id: string;
  kind: Operation["kind"];
  state: OperationState;
  /** True once the state can no longer change. */
  final: boolean;
  iccid: string | null;
  carrierId: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  steps: OperationStepView[];
  outcome: {
    executionStatus: string | null;
    subjectCode: string | null;
    reasonCode: string | null;
    message: string | null;
    diagnosis: DiagnosisView | null;
  } | null;
}

export const FINAL_OPERATION_STATES: readonly OperationState[] = [
  "succeeded",
  "failed",
  "cancelled",
];

export function isFinalOperationState(state: OperationState): boolean {
  return FINAL_OPERATION_STATES.includes(state);
}

function diagnose(
  subjectCode: string | null,
  reasonCode: string | null,
): DiagnosisView | null {
  if (!subjectCode || !reasonCode) return null;
  const diagnosis = describeStatusCode(subjectCode, reasonCode);
  return {
    known: diagnosis.known,
    cause: diagnosis.cause,
    nextStep: diagnosis.nextStep,
    retryable: diagnosis.retryable,
  };
}

export function operationViewOf(operation: Operation): OperationView {
  return {
    id: operation.id,
    kind: operation.kind,
    state: operation.state,
    final: isFinalOperationState(operation.state),
    iccid: operation.iccid,
    carrierId: operation.carrierId,
    attempts: operation.attempts,
    nextAttemptAt: operation.nextAttemptAt,
    createdBy: operation.createdBy.name,
    createdAt: operation.createdAt,
    updatedAt: operation.updatedAt,
    steps: operation.steps.map((step) => ({
      name: step.name,
      function: step.function,
      functionCallIdentifier: step.functionCallIdentifier,
      state: step.state,
      attempts: step.attempts,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      latencyMs: step.latencyMs,
      executionStatus: step.executionStatus,
      subjectCode: step.subjectCode,
      reasonCode: step.reasonCode,
      error: step.error,
      diagnosis: diagnose(step.subjectCode, step.reasonCode),
    })),
    outcome: operation.outcome
      ? {
          ...operation.outcome,
          diagnosis: diagnose(
            operation.outcome.subjectCode,
            operation.outcome.reasonCode,
          ),
        }
      : null,
  };
}
