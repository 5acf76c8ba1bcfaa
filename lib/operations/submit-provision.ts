import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";
import type { Store } from "@/lib/store/repositories";

import {
  assertCarrierOffers,
  parseOperationInput,
  provisionInputSchema,
} from "./input-schemas";
import type { OperationContext } from "./operation-context";
import { planProvisionSteps } from "./operation-steps";
import {
  findReplay,
  newOperationId,
  requestFingerprint,
  storeSubmittedOperation,
  withoutSecrets,
  type SubmitResult,
} from "./submit-operation";

export interface SubmitDependencies {
  store: Store;
  registry: CarrierRegistry;
}

/**
 * Store a provision operation (DownloadOrder, ConfirmOrder, ReleaseProfile)
 * for the worker to run. Nothing is sent to the carrier here.
 *
 * @param input - carrierId, profileType, optional eid, imei,
 *   confirmationCode, deviceName, owner, ownerEmail, group, and the
 *   client's idempotencyKey
 * @throws OperationInputError when a field is invalid; nothing is stored
 * @throws IdempotencyConflictError when the key was used for another request
 * @example
 * await submitProvision(deps, context, {
 *   idempotencyKey: "form-7f3c2a9e",
 *   carrierId: "carrier-a",
 *   profileType: "consumer-5g",
 * });
 */
export async function submitProvision(
  deps: SubmitDependencies,
  context: OperationContext,
  input: unknown,
): Promise<SubmitResult> {
  const parsed = parseOperationInput(provisionInputSchema, input);
  assertCarrierOffers(deps.registry, parsed.carrierId, parsed.profileType);

  const { idempotencyKey, ...request } = parsed;
  const fingerprint = requestFingerprint("provision", withoutSecrets(request));
  const replay = await findReplay(
    deps.store,
    context,
    idempotencyKey,
    fingerprint,
  );
  if (replay !== null) return replay;

  const id = newOperationId();
  // NOTE: the confirmation code stays in the operation's input, unencrypted,
  // until ConfirmOrder succeeds or the operation fails; the store encrypts
  // only activation codes at rest.
  return storeSubmittedOperation(deps.store, context, {
    id,
    kind: "provision",
    idempotencyKey,
    carrierId: parsed.carrierId,
    iccid: null,
    input: { ...request, requestFingerprint: fingerprint },
    steps: planProvisionSteps(id),
    action: "operation.provision.submitted",
    target: `operation:${id}`,
  });
}
