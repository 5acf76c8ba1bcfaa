import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { CONTOSO, FABRIKAM } from "../../../tools/oidc-provider/demo-directory";
import {
  callServerAction,
  findServerActionId,
} from "../auth/support/server-action";
import { testIccid, testOperation, testProfile } from "../store/fixtures";
import { postFormAction } from "./support/form-action";
import {
  demoUser,
  startSecurityPortal,
  type SecurityPortal,
} from "./support/security-portal";

const fabrikamAdmin = demoUser("admin@fabrikam.example");

// ICCIDs of this suite: numbers 92000 and up.
const CONTOSO_ICCID = testIccid(92001);
const FABRIKAM_ICCID = testIccid(92101);
const CONTOSO_DEVICE = "Contoso-only-device-92001";
const NEW_EID = "89044045116727494800000004479366";

let portal: SecurityPortal;
let cookie: string;
let contosoOperationId: string;
let transferId: string;
let revokeId: string;

beforeAll(async () => {
  portal = await startSecurityPortal();
  await portal.store.profiles.create(
    testProfile(CONTOSO.organizationId, 92001, {
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
      deviceName: CONTOSO_DEVICE,
      activationCode: "1$SMDP.CONTOSO.EXAMPLE$ISOLATION-92001",
    }),
  );
  await portal.store.profiles.create(
    testProfile(FABRIKAM.organizationId, 92101, {
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
    }),
  );
  contosoOperationId = (
    await portal.store.operations.create(
      testOperation(CONTOSO.organizationId, "isolation-contoso", {
        iccid: CONTOSO_ICCID,
      }),
    )
  ).operation.id;
  transferId = await findServerActionId("transferProfileAction");
  revokeId = await findServerActionId("revokeProfileAction");
  cookie = await portal.sessionCookieOf(fabrikamAdmin);
});

afterAll(async () => {
  await portal?.stop();
});

const revokeFields = (iccid: string) => ({
  idempotencyKey: randomUUID(),
  iccid,
  finalProfileStatusIndicator: "Unavailable",
  reason: "Isolation check",
});

describe("other organization's reads", () => {
  test("profile page is not found", async () => {
    const response = await portal.request(`/fleet/${CONTOSO_ICCID}`, {
      headers: { cookie },
    });

    expect(response.status).toBe(404);
    expect(response.body).not.toContain(CONTOSO_DEVICE);
    expect(response.body).not.toContain("SMDP.CONTOSO.EXAMPLE");
  });

  test("operation page is not found", async () => {
    const response = await portal.request(
      `/fleet/operations/${contosoOperationId}`,
      { headers: { cookie } },
    );

    expect(response.status).toBe(404);
    expect(response.body).not.toContain(CONTOSO_ICCID);
  });

  test("operation route is not found", async () => {
    const response = await portal.request(
      `/api/operations/${contosoOperationId}`,
      { headers: { cookie } },
    );

    expect(response.status).toBe(404);
    expect(response.body).not.toContain(CONTOSO_ICCID);
  });

  test("export omits other organization", async () => {
    const response = await portal.request(
      `/api/fleet/export?q=${CONTOSO_ICCID}&organizationId=${CONTOSO.organizationId}`,
      { headers: { cookie } },
    );

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(CONTOSO_ICCID);
    expect(response.body).not.toContain(CONTOSO_DEVICE);
  });

  test("fleet search omits other organization", async () => {
    const response = await portal.request(`/fleet?q=${CONTOSO_ICCID}`, {
      headers: { cookie },
    });

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(CONTOSO_DEVICE);
  });
});

describe("other organization's profile in actions", () => {
  test("transfer of other ICCID rejected", async () => {
    const before = portal.snapshot();

    const response = await postFormAction({
      portalUrl: portal.portalUrl,
      pagePath: `/fleet/${FABRIKAM_ICCID}`,
      actionId: transferId,
      fields: {
        idempotencyKey: randomUUID(),
        iccid: CONTOSO_ICCID,
        newEid: NEW_EID,
        reason: "Isolation check",
        organizationId: CONTOSO.organizationId,
      },
      cookie,
    });

    expect(response.body).toContain(`No profile with ICCID ${CONTOSO_ICCID}`);
    expect(portal.snapshot()).toBe(before);
  });

  test("revoke of other ICCID rejected", async () => {
    const before = portal.snapshot();

    const response = await postFormAction({
      portalUrl: portal.portalUrl,
      pagePath: `/fleet/${FABRIKAM_ICCID}`,
      actionId: revokeId,
      fields: {
        ...revokeFields(CONTOSO_ICCID),
        organizationId: CONTOSO.organizationId,
      },
      cookie,
    });

    expect(response.body).toContain(`No profile with ICCID ${CONTOSO_ICCID}`);
    expect(portal.snapshot()).toBe(before);
  });

  test("revoke as JSON arguments writes nothing", async () => {
    const before = portal.snapshot();

    const response = await callServerAction({
      portalUrl: portal.portalUrl,
      pagePath: `/fleet/${FABRIKAM_ICCID}`,
      actionId: revokeId,
      args: [
        {},
        {
          ...revokeFields(CONTOSO_ICCID),
          organizationId: CONTOSO.organizationId,
        },
      ],
      cookie,
    });

    expect(response.headers["x-action-redirect"]).toBeUndefined();
    expect(portal.snapshot()).toBe(before);
  });

  test("smuggled organization id is ignored", async () => {
    const response = await postFormAction({
      portalUrl: portal.portalUrl,
      pagePath: `/fleet/${FABRIKAM_ICCID}`,
      actionId: revokeId,
      fields: {
        ...revokeFields(FABRIKAM_ICCID),
        organizationId: CONTOSO.organizationId,
        tenantId: CONTOSO.id,
      },
      cookie,
    });

    expect(response.headers["x-action-redirect"]).toMatch(
      new RegExp(`^/fleet/${FABRIKAM_ICCID};`),
    );
    const own = await portal.store.operations.listByProfile(
      FABRIKAM.organizationId,
      FABRIKAM_ICCID,
      { limit: 10 },
    );
    const other = await portal.store.operations.listByProfile(
      CONTOSO.organizationId,
      FABRIKAM_ICCID,
      { limit: 10 },
    );
    expect(own.items).toHaveLength(1);
    expect(other.items).toHaveLength(0);
  });

  test("acknowledgement stays in own chain", async () => {
    const actionId = await findServerActionId(
      "recordAdminAcknowledgementAction",
    );
    let body = "";

    const contoso = await portal.auditOf(CONTOSO.organizationId, async () => {
      body = (
        await callServerAction({
          portalUrl: portal.portalUrl,
          pagePath: "/dashboard",
          actionId,
          args: [{ note: "isolation", organizationId: CONTOSO.organizationId }],
          cookie,
        })
      ).body;
    });

    expect(body).toContain('"ok":true');
    expect(contoso).toHaveLength(0);
  });
});
