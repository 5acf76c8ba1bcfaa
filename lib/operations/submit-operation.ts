// Storing a submitted operation: the operation with its planned steps and
// its audit entry in one commit, before any carrier call. The idempotency
// key makes a double submit or a replayed request return the stored
// operation instead of creating a second one.
import { createHash, randomUUID } from "node:crypto";

import { canonicalJson } from "@/lib/audit/canonical-json";
import type { Store } from "@/lib/store/repositories";
import type {
  AuditEntryInput,
  Operation,
  OperationKind,
  OperationStep,
  Profile,
  ProfilePatch,
} from "@/lib/store/types";

import { IdempotencyConflictError, ProfileBusyError } from "./errors";
import type { OperationContext } from "./operation-context";
import { signalOperationSubmitted } from "./operation-signals";

export interface SubmitResult {
  operation: Operation;
  /** False when the idempotency key returned an operation stored before. */
  created: boolean;
}

const ACTIVE_STATES = new Set(["pending", "running", "waiting"]);

/** Secret fields: audit entries and request fingerprints get a `<name>Set` flag instead. */
const SECRET_FIELDS = new Set(["confirmationCode"]);

export function withoutSecrets(
  input: Record<string, unknown>,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (SECRET_FIELDS.has(key)) {
      copy[`${key}Set`] = value !== undefined && value !== null;
    } else {
      copy[key] = value;
    }
  }
  return copy;
}

export function newOperationId(): string {
  return `op-${randomUUID()}`;
}

/** SHA-256 of the request, to tell a replay from a reused key. */
export function requestFingerprint(kind: string, request: unknown): string {
  return createHash("sha256")
    .update(canonicalJson({ kind, request }))
    .digest("hex");
}

/**
 * Return the operation stored under the key, or null.
 *
 * @throws IdempotencyConflictError when the key belongs to another request
 */
export async function findReplay(
  store: Store,
  context: OperationContext,
  idempotencyKey: string,
  fingerprint: string,
): Promise<SubmitResult | null> {
  const existing = await store.operations.getByIdempotencyKey(
    context.organizationId,
    idempotencyKey,
  );
  if (existing === null) return null;
  if (existing.input.requestFingerprint !== fingerprint) {
    throw new IdempotencyConflictError(idempotencyKey, existing.id);
  }
  return { operation: existing, created: false };
}

/** @throws ProfileBusyError when an unfinished operation targets the ICCID */
export async function assertProfileIdle(
  store: Store,
  organizationId: string,
  iccid: string,
): Promise<void> {
  const page = await store.operations.listByProfile(organizationId, iccid, {
    limit: 20,
  });
  const active = page.items.find((operation) =>
    ACTIVE_STATES.has(operation.state),
  );
  if (active !== undefined) throw new ProfileBusyError(iccid, active.id);
}

export interface OperationDraft {
  id: string;
  kind: OperationKind;
  idempotencyKey: string;
  carrierId: string;
  iccid: string | null;
  input: Record<string, unknown>;
  steps: OperationStep[];
  /** Audit action, for example "operation.provision.submitted". */
  action: string;
  target: string;
  /** A change to the profile the operation is about, in the same commit. */
  profileUpdate?: {
    iccid: string;
    patch: ProfilePatch;
    before: Partial<Profile>;
    ifVersion: string;
    action: string;
  };
}

/** Store the operation and its audit entry in one commit. */
export async function storeSubmittedOperation(
  store: Store,
  context: OperationContext,
  draft: OperationDraft,
): Promise<SubmitResult> {
  const now = new Date().toISOString();
  const audit: AuditEntryInput[] = [
    {
      organizationId: context.organizationId,
      time: now,
      actor: context.actor,
      sourceIp: context.sourceIp,
      userAgent: context.userAgent,
      action: draft.action,
      target: draft.target,
      outcome: "success",
      before: null,
      after: {
        operationId: draft.id,
        kind: draft.kind,
        state: "pending",
        steps: draft.steps.map((step) => step.name),
        input: withoutSecrets(draft.input),
      },
      correlationId: context.correlationId,
    },
  ];
  const { profileUpdate } = draft;
  if (profileUpdate !== undefined) {
    audit.push({
      organizationId: context.organizationId,
      time: now,
      actor: context.actor,
      sourceIp: context.sourceIp,
      userAgent: context.userAgent,
      action: profileUpdate.action,
      target: profileUpdate.iccid,
      outcome: "success",
      reason: `operation ${draft.id}`,
      before: profileUpdate.before,
      after: profileUpdate.patch,
      correlationId: context.correlationId,
    });
  }

  const result = await store.commit({
    organizationId: context.organizationId,
    operation: {
      create: {
        organizationId: context.organizationId,
        id: draft.id,
        kind: draft.kind,
        idempotencyKey: draft.idempotencyKey,
        state: "pending",
        carrierId: draft.carrierId,
        iccid: draft.iccid,
        input: draft.input,
        steps: draft.steps,
        nextAttemptAt: null,
        outcome: null,
        createdBy: { oid: context.actor.oid, name: context.actor.name },
        createdAt: now,
      },
    },
    ...(profileUpdate === undefined
      ? {}
      : {
          profile: {
            update: {
              iccid: profileUpdate.iccid,
              patch: profileUpdate.patch,
              ifVersion: profileUpdate.ifVersion,
            },
          },
        }),
    audit,
  });

  if (result.operation === null) {
    throw new Error(`The store returned no operation for ${draft.id}.`);
  }
  if (result.operationCreated) signalOperationSubmitted();
  return { operation: result.operation, created: result.operationCreated };
}
