import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { CONTOSO } from "../../../tools/oidc-provider/demo-directory";
import { findServerActionId } from "../auth/support/server-action";
import { testIccid, testProfile } from "../store/fixtures";
import { postFormAction } from "./support/form-action";
import {
  demoUser,
  startSecurityPortal,
  type SecurityPortal,
} from "./support/security-portal";

const admin = demoUser("admin@contoso.example");
const support = demoUser("support@contoso.example");
const auditor = demoUser("auditor@contoso.example");

// ICCIDs of this suite: numbers 91000 and up.
const ICCID = testIccid(91001);
const NEW_EID = "89044045116727494800000004479366";

let portal: SecurityPortal;
const cookies = new Map<string, string>();
const actionIds = new Map<string, string>();

interface FleetAction {
  exportedName: string;
  permission: string;
  pagePath: string;
  fields(): Record<string, string>;
}

const FLEET_ACTIONS: FleetAction[] = [
  {
    exportedName: "provisionProfileAction",
    permission: "profile.provision",
    pagePath: "/fleet/provision",
    fields: () => ({
      idempotencyKey: randomUUID(),
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      deviceName: "Role check device",
    }),
  },
  {
    exportedName: "transferProfileAction",
    permission: "profile.transfer",
    pagePath: `/fleet/${ICCID}`,
    fields: () => ({
      idempotencyKey: randomUUID(),
      iccid: ICCID,
      newEid: NEW_EID,
      reason: "Role check",
    }),
  },
  {
    exportedName: "revokeProfileAction",
    permission: "profile.revoke",
    pagePath: `/fleet/${ICCID}`,
    fields: () => ({
      idempotencyKey: randomUUID(),
      iccid: ICCID,
      finalProfileStatusIndicator: "Unavailable",
      reason: "Role check",
    }),
  },
];

beforeAll(async () => {
  portal = await startSecurityPortal();
  await portal.store.profiles.create(
    testProfile(CONTOSO.organizationId, 91001, {
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
    }),
  );
  for (const action of FLEET_ACTIONS) {
    actionIds.set(
      action.exportedName,
      await findServerActionId(action.exportedName),
    );
  }
  for (const user of [admin, support, auditor]) {
    cookies.set(user.username, await portal.sessionCookieOf(user));
  }
});

afterAll(async () => {
  await portal?.stop();
});

function submit(action: FleetAction, cookie: string | undefined) {
  return postFormAction({
    portalUrl: portal.portalUrl,
    pagePath: action.pagePath,
    actionId: actionIds.get(action.exportedName) ?? "",
    fields: action.fields(),
    cookie,
  });
}

describe.each(FLEET_ACTIONS)("$exportedName rejections", (action) => {
  for (const user of [support, auditor]) {
    test(`${user.roles[0]} rejected, only audited`, async () => {
      const before = portal.snapshot();
      let body = "";

      const added = await portal.auditOf(CONTOSO.organizationId, async () => {
        body = (await submit(action, cookies.get(user.username))).body;
      });

      expect(body).toContain("Your role does not allow this action.");
      expect(portal.snapshot()).toBe(before);
      expect(
        added.map((entry) => [
          entry.action,
          entry.reason,
          entry.target,
          entry.actor.oid,
        ]),
      ).toEqual([
        ["auth.denied", "missing_permission", action.permission, user.oid],
      ]);
    });
  }

  test("no session rejected, only audited", async () => {
    const before = portal.snapshot();
    let body = "";

    const added = await portal.auditOf("system", async () => {
      body = (await submit(action, undefined)).body;
    });

    expect(body).toContain("You are not signed in.");
    expect(portal.snapshot()).toBe(before);
    expect(added.map((entry) => entry.reason)).toEqual(["no_session"]);
  });

  test("foreign origin rejected for admin", async () => {
    const before = portal.snapshot();

    const response = await postFormAction({
      portalUrl: portal.portalUrl,
      pagePath: action.pagePath,
      actionId: actionIds.get(action.exportedName) ?? "",
      fields: action.fields(),
      cookie: cookies.get(admin.username),
      origin: "https://attacker.example",
    });

    expect(response.status).toBe(403);
    expect(portal.snapshot()).toBe(before);
  });
});

describe("fleet action admin control", () => {
  test("admin revoke stores an operation", async () => {
    const revoke = FLEET_ACTIONS[2]!;
    const before = portal.snapshot();

    const response = await submit(revoke, cookies.get(admin.username));

    expect(response.headers["x-action-redirect"]).toMatch(
      new RegExp(`^/fleet/${ICCID};`),
    );
    expect(portal.snapshot()).not.toBe(before);
    const operations = await portal.store.operations.listByProfile(
      CONTOSO.organizationId,
      ICCID,
      { limit: 10 },
    );
    expect(operations.items.map((operation) => operation.kind)).toEqual([
      "revoke",
    ]);
  });
});
