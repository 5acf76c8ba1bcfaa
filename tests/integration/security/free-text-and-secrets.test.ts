import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { CONTOSO } from "../../../tools/oidc-provider/demo-directory";
import { findServerActionId } from "../auth/support/server-action";
import { testIccid, testOperation, testProfile } from "../store/fixtures";
import { postFormAction } from "./support/form-action";
import {
  demoUser,
  startSecurityPortal,
  type SecurityPortal,
} from "./support/security-portal";

const admin = demoUser("admin@contoso.example");
const support = demoUser("support@contoso.example");
const auditor = demoUser("auditor@contoso.example");

const SCRIPT = '<script>alert("xss")</script>';
const ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;";
const SQL = "Robert'); DROP TABLE profiles;--";
const ACTIVATION_SECRET = "LEAK-CHECK-94001";
const CONFIRMATION_SECRET = "CONFIRM-SECRET-94001";
const PROVISION_SECRET = "CONFIRM-SECRET-PROVISION";
const GROUP = "injection-suite";

// ICCIDs of this suite: numbers 94000 and up.
const SCRIPT_ICCID = testIccid(94001);
const FORMULA_CELLS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=1"];

let portal: SecurityPortal;
const cookies = new Map<string, string>();
let operationId: string;

beforeAll(async () => {
  portal = await startSecurityPortal();
  await portal.store.profiles.create(
    testProfile(CONTOSO.organizationId, 94001, {
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
      deviceName: SCRIPT,
      owner: SQL,
      group: GROUP,
      activationCode: `1$SMDP.SECRET.EXAMPLE$${ACTIVATION_SECRET}`,
      confirmationCodeRequired: true,
    }),
  );
  for (const [index, cell] of FORMULA_CELLS.entries()) {
    await portal.store.profiles.create(
      testProfile(CONTOSO.organizationId, 94101 + index, {
        deviceName: cell,
        owner: cell,
        group: GROUP,
      }),
    );
  }
  operationId = (
    await portal.store.operations.create(
      testOperation(CONTOSO.organizationId, "secrets-suite", {
        iccid: SCRIPT_ICCID,
        input: { confirmationCode: CONFIRMATION_SECRET, reason: SCRIPT },
      }),
    )
  ).operation.id;
  for (const user of [admin, support, auditor]) {
    cookies.set(user.username, await portal.sessionCookieOf(user));
  }
});

afterAll(async () => {
  await portal?.stop();
});

const cookieOf = (username: string) => cookies.get(username) ?? "";

describe("free text rendered as text", () => {
  test("fleet page escapes script", async () => {
    const response = await portal.request(`/fleet?group=${GROUP}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(SCRIPT);
    expect(response.body).toContain(ESCAPED_SCRIPT);
  });

  test("profile page escapes script", async () => {
    const response = await portal.request(`/fleet/${SCRIPT_ICCID}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(SCRIPT);
    expect(response.body).toContain(ESCAPED_SCRIPT);
  });

  test("operation page escapes script", async () => {
    const response = await portal.request(`/fleet/operations/${operationId}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(SCRIPT);
  });

  test("SQL-looking search finds nothing, harms nothing", async () => {
    const before = portal.snapshot();
    const query = encodeURIComponent("' OR 1=1; DROP TABLE profiles;--");

    const page = await portal.request(`/fleet?q=${query}`, {
      headers: { cookie: cookieOf(admin.username) },
    });
    const csv = await portal.request(`/api/fleet/export?q=${query}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(page.status).toBe(200);
    expect(csv.status).toBe(200);
    expect(csv.body.trim().split("\r\n")).toHaveLength(1);
    expect(portal.snapshot()).toBe(before);
  });

  test("SQL-looking owner stored verbatim", async () => {
    const profile = await portal.store.profiles.get(
      CONTOSO.organizationId,
      SCRIPT_ICCID,
    );

    expect(profile?.owner).toBe(SQL);
    expect(profile?.deviceName).toBe(SCRIPT);
  });

  test("search for script text matches as text", async () => {
    const response = await portal.request(
      `/api/fleet/export?q=${encodeURIComponent("<script>")}`,
      { headers: { cookie: cookieOf(admin.username) } },
    );

    expect(response.body).toContain(SCRIPT_ICCID);
  });

  test("export neutralises formula cells", async () => {
    const response = await portal.request(`/api/fleet/export?group=${GROUP}`, {
      headers: { cookie: cookieOf(admin.username) },
    });
    const cells = response.body
      .split("\r\n")
      .slice(1)
      .flatMap((line) => line.split(","))
      .map((cell) => cell.replace(/^"|"$/g, ""));

    for (const formula of FORMULA_CELLS) {
      expect(cells).not.toContain(formula);
      expect(cells).toContain(`'${formula}`);
    }
  });
});

describe("activation and confirmation codes", () => {
  test("admin sees activation code", async () => {
    const response = await portal.request(`/fleet/${SCRIPT_ICCID}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(response.body).toContain(ACTIVATION_SECRET);
  });

  for (const user of [support, auditor]) {
    test(`${user.roles[0]} profile HTML omits code`, async () => {
      const response = await portal.request(`/fleet/${SCRIPT_ICCID}`, {
        headers: { cookie: cookieOf(user.username) },
      });

      expect(response.status).toBe(200);
      expect(response.body).not.toContain(ACTIVATION_SECRET);
    });

    test(`${user.roles[0]} RSC payload omits code`, async () => {
      const headers = { cookie: cookieOf(user.username), rsc: "1" };
      // Next.js redirects an RSC request once to add its `_rsc` parameter.
      const first = await portal.request(`/fleet/${SCRIPT_ICCID}`, { headers });
      const response = first.headers.location
        ? await portal.request(first.headers.location, { headers })
        : first;

      expect(response.headers["content-type"]).toMatch(/text\/x-component/);
      expect(response.body).toContain(SCRIPT_ICCID);
      expect(response.body).not.toContain(ACTIVATION_SECRET);
    });

    test(`${user.roles[0]} export omits code`, async () => {
      const response = await portal.request(
        `/api/fleet/export?group=${GROUP}`,
        { headers: { cookie: cookieOf(user.username) } },
      );

      expect(response.body).toContain(SCRIPT_ICCID);
      expect(response.body).not.toContain(ACTIVATION_SECRET);
    });
  }

  test("operation route omits confirmation code", async () => {
    const response = await portal.request(`/api/operations/${operationId}`, {
      headers: { cookie: cookieOf(support.username) },
    });

    expect(response.status).toBe(200);
    expect(response.body).not.toContain(CONFIRMATION_SECRET);
  });

  test("operation page omits confirmation code", async () => {
    const response = await portal.request(`/fleet/operations/${operationId}`, {
      headers: { cookie: cookieOf(admin.username) },
    });

    expect(response.body).not.toContain(CONFIRMATION_SECRET);
  });

  test("provision keeps codes out of logs", async () => {
    const actionId = await findServerActionId("provisionProfileAction");
    const fields = {
      idempotencyKey: randomUUID(),
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      confirmationCode: PROVISION_SECRET,
      deviceName: SCRIPT,
      owner: SQL,
      group: GROUP,
    };
    const send = (extra: Record<string, string>) =>
      postFormAction({
        portalUrl: portal.portalUrl,
        pagePath: "/fleet/provision",
        actionId,
        fields: { ...fields, ...extra },
        cookie: cookieOf(admin.username),
      });

    const stored = await send({});
    const invalid = await send({ idempotencyKey: randomUUID(), eid: "123" });

    expect(stored.headers["x-action-redirect"]).toMatch(
      /^\/fleet\/operations\//,
    );
    expect(invalid.body).not.toContain(PROVISION_SECRET);
    expect(portal.output()).not.toContain(PROVISION_SECRET);
    expect(portal.output()).not.toContain(CONFIRMATION_SECRET);
    expect(portal.output()).not.toContain(ACTIVATION_SECRET);
  });
});
