// Step handlers: the request each step sends to the SM-DP+, and the effects
// of its success (the step's result, the profile write, and the later steps
// that become unnecessary).
import { buildActivationCode, normalizeIccid } from "@/lib/esim";
import type { CarrierConfig } from "@/lib/smdp/carrier-registry";
import type { Es2Outcome, Es2PlusClient } from "@/lib/smdp/es2plus-client";
import type { Store } from "@/lib/store/repositories";
import type {
  NewProfile,
  Operation,
  OperationPatch,
  OperationStep,
  Profile,
  ProfilePatch,
} from "@/lib/store/types";

import { IccidInUseError } from "./errors";
import { STEP } from "./operation-steps";
import {
  advanceSmdpState,
  isDownloadedState,
  isEndedStatus,
} from "./profile-state-order";

/** A profile write, built from the profile as currently stored. */
export interface ProfileWrite {
  iccid: string;
  build(
    current: Profile | null,
  ): { create: NewProfile } | { update: ProfilePatch } | null;
  /** Audit action, for example "profile.ordered". */
  action: string;
  reason?: string;
}

export interface StepEffect {
  result: Record<string, unknown>;
  profile?: ProfileWrite;
  /** Later steps that no longer apply, with the reason. */
  skip?: { name: string; reason: string }[];
  operationPatch?: Pick<OperationPatch, "iccid" | "input">;
}

export interface StepContext {
  operation: Operation;
  step: OperationStep;
  carrier: CarrierConfig;
  store: Store;
}

export type StepPlan =
  | { kind: "skip"; reason: string; effect?: StepEffect }
  | { kind: "local"; effect: StepEffect }
  | {
      kind: "call";
      call(
        client: Es2PlusClient,
        functionCallIdentifier: string,
      ): Promise<Es2Outcome<unknown>>;
      onSuccess(data: Record<string, unknown>): StepEffect;
      /** Turns some rejections into a skip instead of a failure. */
      onRejected?(
        outcome: Es2Outcome<unknown> & { kind: "rejected" },
      ): StepEffect | null;
    };

interface OperationInputFields {
  carrierId: string;
  profileType: string;
  eid?: string;
  imei?: string;
  confirmationCode?: string | null;
  deviceName?: string;
  owner?: string;
  ownerEmail?: string;
  group?: string;
  finalProfileStatusIndicator?: "Available" | "Unavailable";
  oldProfile?: { iccid: string };
}

function inputOf(operation: Operation): OperationInputFields {
  return operation.input as unknown as OperationInputFields;
}

/** ICCID ordered by this operation's DownloadOrder step. */
export function orderedIccid(operation: Operation): string | null {
  const step = operation.steps.find(
    (entry) => entry.name === STEP.downloadOrder,
  );
  const iccid = step?.result?.iccid;
  return typeof iccid === "string" ? iccid : null;
}

function requireOrderedIccid(operation: Operation): string {
  const iccid = orderedIccid(operation);
  if (iccid === null) {
    throw new Error(
      `Operation ${operation.id} has no ICCID from DownloadOrder.`,
    );
  }
  return iccid;
}

function newProfileFor(operation: Operation, iccid: string): NewProfile {
  const input = inputOf(operation);
  return {
    organizationId: operation.organizationId,
    iccid,
    eid: input.eid ?? null,
    carrierId: input.carrierId,
    profileType: input.profileType,
    smdpState: input.eid === undefined ? "Allocated" : "Linked",
    portalStatus: "Ordering",
    matchingId: null,
    activationCode: null,
    confirmationCodeRequired: typeof input.confirmationCode === "string",
    deviceName: input.deviceName ?? null,
    imei: input.imei ?? null,
    owner: input.owner ?? null,
    ownerEmail: input.ownerEmail ?? null,
    group: input.group ?? null,
  };
}

function downloadOrderPlan(context: StepContext): StepPlan {
  const { operation } = context;
  const input = inputOf(operation);
  return {
    kind: "call",
    call: (client, functionCallIdentifier) =>
      client.downloadOrder({
        profileType: input.profileType,
        ...(input.eid === undefined ? {} : { eid: input.eid }),
        functionCallIdentifier,
      }),
    onSuccess(data) {
      const iccid = normalizeIccid(String(data.iccid));
      return {
        result: { iccid },
        ...(operation.kind === "provision"
          ? { operationPatch: { iccid } }
          : {}),
        profile: {
          iccid,
          action: "profile.ordered",
          build(current) {
            const fresh = newProfileFor(operation, iccid);
            if (current === null) return { create: fresh };
            // An ICCID cancelled back to inventory can be ordered again.
            if (isEndedStatus(current.portalStatus)) {
              const patch: ProfilePatch = { ...fresh };
              delete (patch as Partial<NewProfile>).organizationId;
              delete (patch as Partial<NewProfile>).iccid;
              return { update: patch };
            }
            throw new IccidInUseError(iccid, current.portalStatus);
          },
        },
      };
    },
  };
}

function confirmOrderPlan(context: StepContext): StepPlan {
  const { operation, carrier } = context;
  const input = inputOf(operation);
  const iccid = requireOrderedIccid(operation);
  const releaseFlag = carrier.releaseOnConfirm;
  const confirmationCode =
    typeof input.confirmationCode === "string"
      ? input.confirmationCode
      : undefined;
  return {
    kind: "call",
    call: (client, functionCallIdentifier) =>
      client.confirmOrder({
        iccid,
        ...(input.eid === undefined ? {} : { eid: input.eid }),
        ...(confirmationCode === undefined ? {} : { confirmationCode }),
        releaseFlag,
        functionCallIdentifier,
      }),
    onSuccess(data) {
      const matchingId =
        typeof data.matchingId === "string" ? data.matchingId : "";
      const smdpAddress =
        typeof data.smdpAddress === "string" ? data.smdpAddress : null;
      const eid =
        typeof data.eid === "string" && data.eid !== "" ? data.eid : null;
      const activationCode = buildActivationCode({
        smdpAddress,
        defaultSmdpAddress: carrier.defaultSmdpAddress,
        matchingId,
        confirmationCodeSet: confirmationCode !== undefined,
      });
      return {
        // The matching ID stays out of the step: it completes the code.
        result: {
          smdpAddress: smdpAddress ?? carrier.defaultSmdpAddress,
          released: releaseFlag,
        },
        // The confirmation code is not needed after ConfirmOrder.
        operationPatch: {
          input: { ...operation.input, confirmationCode: null },
        },
        ...(releaseFlag
          ? {
              skip: [
                {
                  name: STEP.releaseProfile,
                  reason:
                    "ConfirmOrder released the profile (releaseFlag true).",
                },
              ],
            }
          : {}),
        profile: {
          iccid,
          action: releaseFlag ? "profile.released" : "profile.confirmed",
          build(current) {
            if (current === null) return null;
            return {
              update: {
                matchingId,
                activationCode,
                confirmationCodeRequired: confirmationCode !== undefined,
                eid: current.eid ?? eid,
                smdpState: advanceSmdpState(
                  current.smdpState,
                  releaseFlag ? "Released" : "Confirmed",
                ),
                portalStatus:
                  current.portalStatus === "Ordering"
                    ? "Active"
                    : current.portalStatus,
              },
            };
          },
        },
      };
    },
  };
}

function releaseProfilePlan(context: StepContext): StepPlan {
  const iccid = requireOrderedIccid(context.operation);
  return {
    kind: "call",
    call: (client, functionCallIdentifier) =>
      client.releaseProfile({ iccid, functionCallIdentifier }),
    onSuccess: () => ({
      result: { released: true },
      profile: {
        iccid,
        action: "profile.released",
        build: (current) =>
          current === null
            ? null
            : {
                update: {
                  smdpState: advanceSmdpState(current.smdpState, "Released"),
                },
              },
      },
    }),
  };
}

function retireEffect(iccid: string, reason: string): StepEffect {
  return {
    result: { iccid, needsRemovalFromOldDevice: true },
    profile: {
      iccid,
      action: "profile.retired",
      reason,
      build: (current) =>
        current === null ? null : { update: { portalStatus: "Retired" } },
    },
  };
}

const RETIRE_REASON =
  "Transferred to a new device after download: the old profile needs " +
  "removal from the old device, because ES2+ cannot delete a downloaded profile.";

async function cancelOldOrderPlan(context: StepContext): Promise<StepPlan> {
  const { operation, store } = context;
  const oldIccid =
    inputOf(operation).oldProfile?.iccid ?? operation.iccid ?? "";
  const old = await store.profiles.get(operation.organizationId, oldIccid);
  if (old === null) {
    return {
      kind: "skip",
      reason: `Old profile ${oldIccid} no longer exists.`,
    };
  }
  if (
    isDownloadedState(old.smdpState) ||
    old.portalStatus === "Enabled" ||
    old.portalStatus === "Disabled"
  ) {
    return {
      kind: "skip",
      reason: `Old profile is ${old.smdpState}: CancelOrder is only possible before download.`,
    };
  }
  const retireInstead = (reason: string): StepEffect => ({
    result: { cancelled: false, reason },
  });
  return {
    kind: "call",
    call: (client, functionCallIdentifier) =>
      client.cancelOrder({
        iccid: old.iccid,
        ...(old.eid === null ? {} : { eid: old.eid }),
        ...(old.matchingId === null || old.matchingId === ""
          ? {}
          : { matchingId: old.matchingId }),
        finalProfileStatusIndicator: "Unavailable",
        functionCallIdentifier,
      }),
    onSuccess: () => ({
      result: { cancelled: true, finalProfileStatusIndicator: "Unavailable" },
      skip: [
        { name: STEP.retireOldProfile, reason: "The old order was cancelled." },
      ],
      profile: {
        iccid: old.iccid,
        action: "profile.cancelled",
        reason: "Transferred to a new device before download.",
        build: (current) =>
          current === null
            ? null
            : { update: { smdpState: "Unavailable", portalStatus: "Retired" } },
      },
    }),
    onRejected(outcome) {
      const codes = outcome.statusCodeData;
      if (codes?.subjectCode === "8.2.1" && codes.reasonCode === "3.3") {
        return retireInstead(
          "The carrier answered 8.2.1 / 3.3: the old profile was downloaded meanwhile.",
        );
      }
      return null;
    },
  };
}

function retireOldProfilePlan(context: StepContext): StepPlan {
  const { operation } = context;
  const oldIccid =
    inputOf(operation).oldProfile?.iccid ?? operation.iccid ?? "";
  return { kind: "local", effect: retireEffect(oldIccid, RETIRE_REASON) };
}

async function cancelOrderPlan(context: StepContext): Promise<StepPlan> {
  const { operation, store } = context;
  const iccid = operation.iccid ?? "";
  const profile = await store.profiles.get(operation.organizationId, iccid);
  const indicator =
    inputOf(operation).finalProfileStatusIndicator ?? "Unavailable";
  const eid = profile?.eid ?? null;
  const matchingId = profile?.matchingId ?? null;
  return {
    kind: "call",
    call: (client, functionCallIdentifier) =>
      client.cancelOrder({
        iccid,
        ...(eid === null ? {} : { eid }),
        ...(matchingId === null || matchingId === "" ? {} : { matchingId }),
        finalProfileStatusIndicator: indicator,
        functionCallIdentifier,
      }),
    onSuccess: () => ({
      result: { cancelled: true, finalProfileStatusIndicator: indicator },
      profile: {
        iccid,
        action: "profile.revoked",
        reason: String(operation.input.reason ?? ""),
        build: (current) =>
          current === null
            ? null
            : { update: { smdpState: indicator, portalStatus: "Revoked" } },
      },
    }),
  };
}

/** Plan how to run `context.step`. */
export async function planStep(context: StepContext): Promise<StepPlan> {
  switch (context.step.name) {
    case STEP.downloadOrder:
      return downloadOrderPlan(context);
    case STEP.confirmOrder:
      return confirmOrderPlan(context);
    case STEP.releaseProfile:
      return releaseProfilePlan(context);
    case STEP.cancelOldOrder:
      return cancelOldOrderPlan(context);
    case STEP.retireOldProfile:
      return retireOldProfilePlan(context);
    case STEP.cancelOrder:
      return cancelOrderPlan(context);
    default:
      throw new Error(
        `Operation ${context.operation.id} has an unknown step "${context.step.name}".`,
      );
  }
}
