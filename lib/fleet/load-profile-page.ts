import "server-only";

import QRCode from "qrcode";
import pino from "pino";

import {
  EsimFormatError,
  formatActivationCode,
  normalizeIccid,
  parseActivationCode,
} from "@/lib/esim";
import { getStore } from "@/lib/store";
import type { Profile } from "@/lib/store/types";

import { buildTimeline, type TimelineEntry } from "./timeline";

const logger = pino({ name: "profile-page" });

/** Operations and notifications read for one profile's timeline. */
export const TIMELINE_OPERATION_LIMIT = 50;
export const TIMELINE_NOTIFICATION_LIMIT = 200;

export interface ActivationCodeView {
  /** As typed into a device by hand: no "LPA:" prefix. */
  code: string;
  /** SVG image of the QR code of "LPA:" + code, as a data URL. */
  qrDataUrl: string | null;
}

/** What the profile page shows; built on the server per role. */
export interface ProfileView {
  iccid: string;
  eid: string | null;
  imei: string | null;
  deviceName: string | null;
  owner: string | null;
  group: string | null;
  carrierId: string;
  profileType: string;
  smdpState: Profile["smdpState"];
  portalStatus: Profile["portalStatus"];
  confirmationCodeRequired: boolean;
  createdAt: string;
  updatedAt: string;
  /** Null for roles that may not see it, and while none exists. */
  activation: ActivationCodeView | null;
}

export interface ProfilePageData {
  profile: ProfileView;
  timeline: TimelineEntry[];
}

/** Parses an ICCID from the URL; null when it is not a valid ICCID. */
export function iccidFromPath(value: string): string | null {
  try {
    return normalizeIccid(decodeURIComponent(value));
  } catch (error) {
    if (error instanceof EsimFormatError || error instanceof URIError) {
      return null;
    }
    throw error;
  }
}

async function activationViewOf(code: string): Promise<ActivationCodeView> {
  try {
    const parsed = parseActivationCode(code);
    const qrText = formatActivationCode(parsed, { lpaPrefix: true });
    const svg = await QRCode.toString(qrText, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    return {
      code: formatActivationCode(parsed),
      qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    };
  } catch (error) {
    // The stored code is shown as text even when it does not parse, so an
    // admin can still hand it over; the QR code is left out.
    logger.warn(
      { code: error instanceof EsimFormatError ? error.code : "QR_FAILED" },
      "activation code could not be rendered as a QR code",
    );
    return { code, qrDataUrl: null };
  }
}

/**
 * Reads a profile of the organization with its timeline, or null when the
 * organization has no such profile. The activation code is read into the
 * result only when `includeActivationCode` is true.
 */
export async function loadProfilePage(
  organizationId: string,
  iccid: string,
  options: { includeActivationCode: boolean },
): Promise<ProfilePageData | null> {
  const store = await getStore();
  const profile = await store.profiles.get(organizationId, iccid);
  if (!profile) return null;

  const [operations, notifications] = await Promise.all([
    store.operations.listByProfile(organizationId, profile.iccid, {
      limit: TIMELINE_OPERATION_LIMIT,
    }),
    store.notifications.listByIccid(organizationId, profile.iccid, {
      limit: TIMELINE_NOTIFICATION_LIMIT,
    }),
  ]);

  const activation =
    options.includeActivationCode && profile.activationCode
      ? await activationViewOf(profile.activationCode)
      : null;

  return {
    profile: {
      iccid: profile.iccid,
      eid: profile.eid,
      imei: profile.imei,
      deviceName: profile.deviceName,
      owner: profile.owner,
      group: profile.group,
      carrierId: profile.carrierId,
      profileType: profile.profileType,
      smdpState: profile.smdpState,
      portalStatus: profile.portalStatus,
      confirmationCodeRequired: profile.confirmationCodeRequired,
      createdAt: profile.createdAt,
      updatedAt: profile.updatedAt,
      activation,
    },
    timeline: buildTimeline(operations.items, notifications),
  };
}
