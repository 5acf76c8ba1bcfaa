import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CONTOSO,
  DEMO_USERS,
} from "../../../tools/oidc-provider/demo-directory";
import {
  startPortalUnderTest,
  type PortalUnderTest,
} from "./support/portal-stack";

const SYSTEM = "system";
const admin = DEMO_USERS.find(
  (user) => user.username === "admin@contoso.example",
)!;
const noRole = DEMO_USERS.find((user) => user.roles.length === 0)!;

let portal: PortalUnderTest;

beforeAll(async () => {
  portal = await startPortalUnderTest();
});

afterAll(async () => {
  await portal?.stop();
});

async function expectRejected(
  token: string,
  expected: { status: number; reason: string; organizationId: string },
) {
  const before = (await portal.auditEntries(expected.organizationId)).length;

  const response = await portal.postSession(token);

  expect(response.status).toBe(expected.status);
  expect(JSON.parse(response.body).code).toBe(expected.reason);
  expect(response.headers["set-cookie"]).toBeUndefined();
  const added = (await portal.auditEntries(expected.organizationId)).slice(
    before,
  );
  expect(added).toHaveLength(1);
  expect(added[0]?.action).toBe("auth.sign-in");
  expect(added[0]?.outcome).toBe("failure");
  expect(added[0]?.reason).toBe(expected.reason);
}

describe("POST /api/session", () => {
  test("admin token starts a session", async () => {
    const tokens = await portal.signIn(admin);
    const before = (await portal.auditEntries(CONTOSO.organizationId)).length;

    const response = await portal.postSession(tokens.access_token);

    expect(response.status).toBe(200);
    const cookie = response.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(/^nexora_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = JSON.parse(response.body);
    expect(body.organization.id).toBe(CONTOSO.organizationId);
    expect(body.expiresAt).toBeLessThanOrEqual(
      JSON.parse(
        Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString(),
      ).exp,
    );
    const added = (await portal.auditEntries(CONTOSO.organizationId)).slice(
      before,
    );
    expect(added.map((entry) => [entry.action, entry.outcome])).toEqual([
      ["auth.sign-in", "success"],
    ]);
    expect(added[0]?.actor.oid).toBe(admin.oid);
  });

  test("refreshed token starts a session", async () => {
    const { refreshTokens } = await import("./support/code-flow-client");
    const tokens = await portal.signIn(admin);
    const provider = portal.stack.identityProvider;

    const renewed = await refreshTokens(
      {
        issuer: provider.issuer,
        clientId: provider.clientId,
        apiScope: provider.apiScope,
        portalOrigin: portal.portalUrl,
        ca: portal.ca,
      },
      tokens.refresh_token ?? "",
    );
    const response = await portal.postSession(renewed.access_token);

    expect(response.status).toBe(200);
  });

  test("token signed by another key rejected", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const real = await portal.signWithProviderKey(
      portal.accessTokenClaims(admin),
    );
    const kid = JSON.parse(
      Buffer.from(real.split(".")[0]!, "base64url").toString(),
    ).kid;
    const forged = await new SignJWT(portal.accessTokenClaims(admin))
      .setProtectedHeader({ alg: "RS256", kid })
      .sign(privateKey);

    await expectRejected(forged, {
      status: 401,
      reason: "bad_signature",
      organizationId: SYSTEM,
    });
  });

  test("expired token rejected", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await portal.signWithProviderKey({
      ...portal.accessTokenClaims(admin),
      iat: now - 7200,
      exp: now - 3600,
    });

    await expectRejected(token, {
      status: 401,
      reason: "token_expired",
      organizationId: CONTOSO.organizationId,
    });
  });

  test("token for another audience rejected", async () => {
    const token = await portal.signWithProviderKey({
      ...portal.accessTokenClaims(admin),
      aud: "00000003-0000-0000-c000-000000000000",
    });

    await expectRejected(token, {
      status: 401,
      reason: "wrong_audience",
      organizationId: CONTOSO.organizationId,
    });
  });

  test("token from another issuer rejected", async () => {
    const token = await portal.signWithProviderKey({
      ...portal.accessTokenClaims(admin),
      iss: `https://sts.example.test/${admin.tenantId}/v2.0`,
    });

    await expectRejected(token, {
      status: 401,
      reason: "wrong_issuer",
      organizationId: CONTOSO.organizationId,
    });
  });

  test("tenant outside allow-list rejected", async () => {
    const tenantId = "0b6d6a4e-7f3a-4c59-9d2e-3f1f0c5a9b11";
    const token = await portal.signWithProviderKey({
      ...portal.accessTokenClaims(admin),
      tid: tenantId,
      iss: portal.stack.identityProvider.issuerFor(tenantId),
    });

    await expectRejected(token, {
      status: 403,
      reason: "unknown_tenant",
      organizationId: SYSTEM,
    });
  });

  test("unsigned alg none token rejected", async () => {
    const encode = (value: object) =>
      Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode(portal.accessTokenClaims(admin))}.`;

    await expectRejected(token, {
      status: 401,
      reason: "unsupported_algorithm",
      organizationId: SYSTEM,
    });
  });

  test("HS256 token with public key rejected", async () => {
    const secret = new TextEncoder().encode("k".repeat(32));
    const token = await new SignJWT(portal.accessTokenClaims(admin))
      .setProtectedHeader({ alg: "HS256" })
      .sign(secret);

    await expectRejected(token, {
      status: 401,
      reason: "unsupported_algorithm",
      organizationId: SYSTEM,
    });
  });

  test("user without roles rejected", async () => {
    const tokens = await portal.signIn(noRole);

    await expectRejected(tokens.access_token, {
      status: 403,
      reason: "no_roles",
      organizationId: CONTOSO.organizationId,
    });
  });

  test("token without API scope rejected", async () => {
    const claims = portal.accessTokenClaims(admin);
    delete claims.scp;
    const token = await portal.signWithProviderKey(claims);

    await expectRejected(token, {
      status: 401,
      reason: "missing_scope",
      organizationId: CONTOSO.organizationId,
    });
  });

  test("garbage body rejected without audit", async () => {
    const before = (await portal.auditEntries(SYSTEM)).length;

    const response = await portal.postSession("<script>alert(1)</script>");

    expect(response.status).toBe(400);
    expect((await portal.auditEntries(SYSTEM)).length).toBe(before);
  });

  test("foreign origin rejected and audited", async () => {
    const tokens = await portal.signIn(admin);
    const before = (await portal.auditEntries(SYSTEM)).length;

    const response = await portal.postSession(tokens.access_token, {
      origin: "https://attacker.example",
    });

    expect(response.status).toBe(403);
    expect(response.headers["set-cookie"]).toBeUndefined();
    const added = (await portal.auditEntries(SYSTEM)).slice(before);
    expect(added.map((entry) => entry.reason)).toEqual(["foreign_origin"]);
  });
});
