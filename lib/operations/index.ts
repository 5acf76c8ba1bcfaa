// Public API of the operations engine: submitting provision, transfer and
// revoke operations, the worker that runs them, and reconciliation.
export {
  IdempotencyConflictError,
  InvalidProfileStateError,
  OperationError,
  OperationInputError,
  ProfileBusyError,
  ProfileNotFoundError,
  type FieldErrors,
  type OperationErrorCode,
} from "./errors";
export {
  provisionInputSchema,
  revokeInputSchema,
  transferInputSchema,
  type ProvisionInput,
  type RevokeInput,
  type TransferInput,
} from "./input-schemas";
export { WORKER_ACTOR, type OperationContext } from "./operation-context";
export { STEP, functionCallIdentifierFor } from "./operation-steps";
export { submitProvision, type SubmitDependencies } from "./submit-provision";
export { submitTransfer } from "./submit-transfer";
export { submitRevoke } from "./submit-revoke";
export type { SubmitResult } from "./submit-operation";
export { startWorker, type WorkerHandle, type WorkerOptions } from "./worker";
export {
  DEFAULT_RECONCILE_SETTINGS,
  reconcileStuckProfiles,
  type ReconcileSettings,
} from "./reconcile";
