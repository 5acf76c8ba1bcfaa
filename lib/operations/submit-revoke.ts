import { InvalidProfileStateError, ProfileNotFoundError } from "./errors";
import { parseOperationInput, revokeInputSchema } from "./input-schemas";
import type { OperationContext } from "./operation-context";
import { planRevokeSteps } from "./operation-steps";
import { isEndedStatus } from "./profile-state-order";
import type { SubmitDependencies } from "./submit-provision";
import {
  assertProfileIdle,
  findReplay,
  newOperationId,
  requestFingerprint,
  storeSubmittedOperation,
  type SubmitResult,
} from "./submit-operation";

// SM-DP+ states with no order left to cancel.
const NOT_REVOCABLE_STATES = new Set(["Available", "Unavailable"]);

/**
 * Store a revoke operation: CancelOrder with the chosen final status. The
 * carrier refuses it once the profile was downloaded (8.2.1 / 3.3); the
 * operation then fails with that diagnosis.
 *
 * @param input - iccid, finalProfileStatusIndicator (Available or
 *   Unavailable), reason, and the client's idempotencyKey
 * @throws OperationInputError, ProfileNotFoundError,
 *   InvalidProfileStateError (already revoked or retired), ProfileBusyError
 */
export async function submitRevoke(
  deps: SubmitDependencies,
  context: OperationContext,
  input: unknown,
): Promise<SubmitResult> {
  const parsed = parseOperationInput(revokeInputSchema, input);
  const { idempotencyKey, ...request } = parsed;
  const fingerprint = requestFingerprint("revoke", request);
  const replay = await findReplay(
    deps.store,
    context,
    idempotencyKey,
    fingerprint,
  );
  if (replay !== null) return replay;

  const profile = await deps.store.profiles.get(
    context.organizationId,
    parsed.iccid,
  );
  if (profile === null) throw new ProfileNotFoundError(parsed.iccid);
  if (
    isEndedStatus(profile.portalStatus) ||
    NOT_REVOCABLE_STATES.has(profile.smdpState)
  ) {
    throw new InvalidProfileStateError(
      profile.iccid,
      `${profile.portalStatus} (SM-DP+ state ${profile.smdpState})`,
      "revoked",
      "It is already revoked, retired or cancelled at the carrier, so there is nothing left to revoke.",
    );
  }
  await assertProfileIdle(deps.store, context.organizationId, profile.iccid);

  const id = newOperationId();
  return storeSubmittedOperation(deps.store, context, {
    id,
    kind: "revoke",
    idempotencyKey,
    carrierId: profile.carrierId,
    iccid: profile.iccid,
    input: {
      ...request,
      requestFingerprint: fingerprint,
      eid: profile.eid,
      matchingId: profile.matchingId,
      smdpStateAtSubmit: profile.smdpState,
    },
    steps: planRevokeSteps(id),
    action: "operation.revoke.submitted",
    target: profile.iccid,
  });
}
