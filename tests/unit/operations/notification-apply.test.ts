import { describe, expect, it } from "vitest";

import { profilePatchForNotification } from "@/lib/operations/notification-apply";
import type { DownloadProgressNotification } from "@/lib/smdp/download-progress";
import type { Profile } from "@/lib/store/types";

const profile: Profile = {
  organizationId: "org-1",
  iccid: "8988211000000530082",
  eid: null,
  carrierId: "carrier-a",
  profileType: "consumer",
  smdpState: "Released",
  portalStatus: "Active",
  matchingId: "M-1",
  activationCode: "1$smdp$M-1",
  confirmationCodeRequired: false,
  deviceName: null,
  imei: null,
  owner: null,
  ownerEmail: null,
  group: null,
  createdAt: "2026-12-04T10:00:00.000Z",
  updatedAt: "2026-12-04T10:00:00.000Z",
};

function notification(
  notificationPointId: number,
  status: "Executed-Success" | "Failed" = "Executed-Success",
): DownloadProgressNotification {
  return {
    functionRequesterIdentifier: "smdp",
    functionCallIdentifier: "n-1",
    eid: "89049032123451234512345678901235",
    iccid: profile.iccid,
    profileType: "consumer",
    timestamp: "2026-12-04T10:01:00.000Z",
    notificationPointId,
    notificationPointStatus: { status },
    resultData: null,
  };
}

describe("profilePatchForNotification", () => {
  it("download point sets Downloaded", () => {
    expect(
      profilePatchForNotification(profile, notification(3)).patch.smdpState,
    ).toBe("Downloaded");
  });

  it("missing EID filled in", () => {
    expect(
      profilePatchForNotification(profile, notification(3)).patch.eid,
    ).toBe("89049032123451234512345678901235");
  });

  it("eligibility success changes nothing", () => {
    const { patch } = profilePatchForNotification(
      { ...profile, eid: "89049032123451234512345678901235" },
      notification(1),
    );
    expect(patch).toEqual({});
  });

  it("failed download sets Error", () => {
    const { patch } = profilePatchForNotification(
      profile,
      notification(3, "Failed"),
    );
    expect(patch).toMatchObject({ smdpState: "Error", portalStatus: "Failed" });
  });

  it("point 102 disables profile", () => {
    const { patch } = profilePatchForNotification(
      { ...profile, smdpState: "Installed" },
      notification(102),
    );
    expect(patch.portalStatus).toBe("Disabled");
  });

  it("revoked profile keeps status on enable", () => {
    const { patch } = profilePatchForNotification(
      { ...profile, portalStatus: "Revoked" },
      notification(101),
    );
    expect(patch.portalStatus).toBeUndefined();
  });

  it("deleted on device retires profile", () => {
    const { patch } = profilePatchForNotification(
      { ...profile, smdpState: "Installed" },
      notification(5),
    );
    expect(patch.portalStatus).toBe("Retired");
  });
});
