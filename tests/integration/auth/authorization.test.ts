import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sealSession } from "@/lib/auth/session-cookie";
import {
  CONTOSO,
  DEMO_USERS,
  FABRIKAM,
} from "../../../tools/oidc-provider/demo-directory";
import {
  startPortalUnderTest,
  type PortalUnderTest,
} from "./support/portal-stack";
import { callServerAction, findServerActionId } from "./support/server-action";

const SYSTEM = "system";
const userNamed = (username: string) => {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`No demo user ${username}`);
  return user;
};
const admin = userNamed("admin@contoso.example");
const support = userNamed("support@contoso.example");
const auditor = userNamed("auditor@contoso.example");
const fabrikamAdmin = userNamed("admin@fabrikam.example");

let portal: PortalUnderTest;
let actionId: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  portal = await startPortalUnderTest();
  actionId = await findServerActionId("recordAdminAcknowledgementAction");
  for (const user of [admin, support, auditor, fabrikamAdmin]) {
    cookies.set(user.username, await portal.sessionCookieOf(user));
  }
});

afterAll(async () => {
  await portal?.stop();
});

const cookieOf = (username: string) => cookies.get(username) ?? "";

async function countEntries(organizationId: string, action?: string) {
  const entries = await portal.auditEntries(organizationId);
  return entries.filter((entry) => !action || entry.action === action).length;
}

function acknowledge(cookie: string | undefined, origin?: string) {
  return callServerAction({
    portalUrl: portal.portalUrl,
    pagePath: "/dashboard",
    actionId,
    args: [{ note: "integration check" }],
    cookie,
    origin,
  });
}

describe("GET /api/me session checks", () => {
  test("missing cookie rejected and audited", async () => {
    const before = await portal.auditEntries(SYSTEM);

    const response = await portal.get("/api/me");

    expect(response.status).toBe(401);
    const added = (await portal.auditEntries(SYSTEM)).slice(before.length);
    expect(added.map((entry) => [entry.action, entry.reason])).toEqual([
      ["auth.denied", "no_session"],
    ]);
  });

  test("tampered cookie rejected and audited", async () => {
    const cookie = cookieOf(admin.username);
    const index = cookie.length - 10;
    const flipped = cookie[index] === "A" ? "B" : "A";
    const tampered = `${cookie.slice(0, index)}${flipped}${cookie.slice(index + 1)}`;
    const before = await portal.auditEntries(SYSTEM);

    const response = await portal.get("/api/me", { cookie: tampered });

    expect(response.status).toBe(401);
    const added = (await portal.auditEntries(SYSTEM)).slice(before.length);
    expect(added.map((entry) => entry.reason)).toEqual(["invalid_session"]);
  });

  test("expired cookie rejected and audited", async () => {
    const key = new Uint8Array(
      Buffer.from(portal.stack.portalEnv.SESSION_SECRET ?? "", "base64url"),
    );
    const value = await sealSession(
      {
        oid: admin.oid,
        tenantId: admin.tenantId,
        organizationId: CONTOSO.organizationId,
        organizationName: CONTOSO.organizationName,
        name: admin.name,
        username: admin.username,
        roles: ["Portal.Admin"],
        expiresAt: Math.floor(Date.now() / 1000) - 60,
      },
      key,
    );
    const before = await portal.auditEntries(SYSTEM);

    const response = await portal.get("/api/me", {
      cookie: `nexora_session=${value}`,
    });

    expect(response.status).toBe(401);
    const added = (await portal.auditEntries(SYSTEM)).slice(before.length);
    expect(added.map((entry) => entry.reason)).toEqual(["expired_session"]);
  });

  test("cookie sealed with another key rejected", async () => {
    const value = await sealSession(
      {
        oid: admin.oid,
        tenantId: admin.tenantId,
        organizationId: CONTOSO.organizationId,
        organizationName: CONTOSO.organizationName,
        name: admin.name,
        username: admin.username,
        roles: ["Portal.Admin"],
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      },
      new Uint8Array(32),
    );

    const response = await portal.get("/api/me", {
      cookie: `nexora_session=${value}`,
    });

    expect(response.status).toBe(401);
  });

  test("valid cookie returns own organization", async () => {
    const response = await portal.get("/api/me", {
      cookie: cookieOf(admin.username),
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).organization.id).toBe(
      CONTOSO.organizationId,
    );
  });
});

describe("organization isolation", () => {
  test("organization B admin reads only B", async () => {
    const response = await portal.get(
      `/api/me?organizationId=${CONTOSO.organizationId}`,
      { cookie: cookieOf(fabrikamAdmin.username) },
    );

    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.organization.id).toBe(FABRIKAM.organizationId);
    expect(response.body).not.toContain(CONTOSO.organizationName);
  });

  test("organization B sign-in stays in B's audit chain", async () => {
    const contoso = await portal.auditEntries(CONTOSO.organizationId);
    const fabrikam = await portal.auditEntries(FABRIKAM.organizationId);

    expect(
      fabrikam.some((entry) => entry.actor.oid === fabrikamAdmin.oid),
    ).toBe(true);
    expect(contoso.some((entry) => entry.actor.oid === fabrikamAdmin.oid)).toBe(
      false,
    );
  });
});

describe("recordAdminAcknowledgementAction", () => {
  test("admin call is recorded", async () => {
    const before = await countEntries(
      CONTOSO.organizationId,
      "admin.acknowledge",
    );

    const response = await acknowledge(cookieOf(admin.username));

    expect(response.status).toBe(200);
    expect(response.body).toContain('"ok":true');
    expect(
      await countEntries(CONTOSO.organizationId, "admin.acknowledge"),
    ).toBe(before + 1);
  });

  for (const user of [support, auditor]) {
    test(`${user.roles[0]} call rejected and audited`, async () => {
      const before = await portal.auditEntries(CONTOSO.organizationId);

      const response = await acknowledge(cookieOf(user.username));

      expect(response.body).toContain('"code":"missing_permission"');
      const added = (await portal.auditEntries(CONTOSO.organizationId)).slice(
        before.length,
      );
      expect(
        added.map((entry) => [entry.action, entry.reason, entry.actor.oid]),
      ).toEqual([["auth.denied", "missing_permission", user.oid]]);
    });
  }

  test("call without cookie rejected and audited", async () => {
    const before = await portal.auditEntries(SYSTEM);
    const beforeAcknowledgements = await countEntries(
      CONTOSO.organizationId,
      "admin.acknowledge",
    );

    const response = await acknowledge(undefined);

    expect(response.body).toContain('"code":"no_session"');
    const added = (await portal.auditEntries(SYSTEM)).slice(before.length);
    expect(added.map((entry) => entry.reason)).toEqual(["no_session"]);
    expect(
      await countEntries(CONTOSO.organizationId, "admin.acknowledge"),
    ).toBe(beforeAcknowledgements);
  });

  test("foreign origin call rejected and audited", async () => {
    const before = await portal.auditEntries(CONTOSO.organizationId);

    const response = await acknowledge(
      cookieOf(admin.username),
      "https://attacker.example",
    );

    expect(response.status).toBe(403);
    const added = (await portal.auditEntries(CONTOSO.organizationId)).slice(
      before.length,
    );
    expect(
      added.map((entry) => [entry.action, entry.reason, entry.target]),
    ).toEqual([["auth.denied", "foreign_origin", "/dashboard"]]);
  });
});

describe("proxy bypass header", () => {
  test("x-middleware-subrequest request rejected", async () => {
    const before = await portal.auditEntries(CONTOSO.organizationId);

    const response = await portal.get("/dashboard", {
      cookie: cookieOf(admin.username),
      "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy",
    });

    expect(response.status).toBe(400);
    expect(response.body).not.toContain(admin.name);
    const added = (await portal.auditEntries(CONTOSO.organizationId)).slice(
      before.length,
    );
    expect(added.map((entry) => entry.reason)).toEqual(["proxy_bypass"]);
  });

  test("direct rejection route call not found", async () => {
    const response = await portal.get("/api/session/rejected", {
      "x-portal-rejection": "foreign_origin",
    });

    expect(response.status).toBe(404);
  });
});
