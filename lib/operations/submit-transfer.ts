import {
  InvalidProfileStateError,
  OperationInputError,
  ProfileNotFoundError,
} from "./errors";
import { parseOperationInput, transferInputSchema } from "./input-schemas";
import type { OperationContext } from "./operation-context";
import { planTransferSteps } from "./operation-steps";
import { isEndedStatus } from "./profile-state-order";
import type { SubmitDependencies } from "./submit-provision";
import {
  assertProfileIdle,
  findReplay,
  newOperationId,
  requestFingerprint,
  storeSubmittedOperation,
  withoutSecrets,
  type SubmitResult,
} from "./submit-operation";

/**
 * Store a transfer operation and mark the old profile Transferring. The
 * worker provisions a profile of the same carrier and profile type for the
 * new EID, then cancels the old order (final status Unavailable). When the
 * old profile was already downloaded, it retires it instead and flags that
 * it must be removed from the old device.
 *
 * @param input - iccid of the current profile, newEid, reason, optional
 *   confirmationCode and device fields, and the client's idempotencyKey
 * @throws OperationInputError when a field is invalid or the new EID is the
 *   current one
 * @throws ProfileNotFoundError, InvalidProfileStateError, ProfileBusyError
 */
export async function submitTransfer(
  deps: SubmitDependencies,
  context: OperationContext,
  input: unknown,
): Promise<SubmitResult> {
  const parsed = parseOperationInput(transferInputSchema, input);
  const { idempotencyKey, ...request } = parsed;
  const fingerprint = requestFingerprint("transfer", withoutSecrets(request));
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
  if (isEndedStatus(profile.portalStatus)) {
    throw new InvalidProfileStateError(
      profile.iccid,
      profile.portalStatus,
      "transferred",
      "Provision a new profile for the device instead.",
    );
  }
  if (profile.eid === parsed.newEid) {
    throw new OperationInputError({
      newEid: [
        "The new EID is the profile's current EID. Enter the EID of the " +
          "device the profile moves to.",
      ],
    });
  }
  const carrier = deps.registry.get(profile.carrierId);
  if (
    carrier === undefined ||
    !carrier.profileTypes.includes(profile.profileType)
  ) {
    throw new InvalidProfileStateError(
      profile.iccid,
      `ordered from carrier "${profile.carrierId}" (${profile.profileType}), ` +
        "which is no longer configured",
      "transferred",
      "Ask an administrator to restore the carrier's configuration.",
    );
  }
  await assertProfileIdle(deps.store, context.organizationId, profile.iccid);

  const id = newOperationId();
  return storeSubmittedOperation(deps.store, context, {
    id,
    kind: "transfer",
    idempotencyKey,
    carrierId: profile.carrierId,
    iccid: profile.iccid,
    input: {
      ...request,
      requestFingerprint: fingerprint,
      carrierId: profile.carrierId,
      profileType: profile.profileType,
      eid: request.newEid,
      imei: request.imei ?? profile.imei ?? undefined,
      deviceName: request.deviceName ?? profile.deviceName ?? undefined,
      owner: request.owner ?? profile.owner ?? undefined,
      ownerEmail: request.ownerEmail ?? profile.ownerEmail ?? undefined,
      group: request.group ?? profile.group ?? undefined,
      oldProfile: {
        iccid: profile.iccid,
        eid: profile.eid,
        matchingId: profile.matchingId,
        smdpState: profile.smdpState,
        portalStatus: profile.portalStatus,
      },
    },
    steps: planTransferSteps(id),
    action: "operation.transfer.submitted",
    target: profile.iccid,
    profileUpdate: {
      iccid: profile.iccid,
      patch: { portalStatus: "Transferring" },
      before: { portalStatus: profile.portalStatus },
      ifVersion: profile.version ?? "",
      action: "profile.transferring",
    },
  });
}
