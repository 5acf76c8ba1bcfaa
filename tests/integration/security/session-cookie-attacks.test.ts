import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Session } from "@/lib/auth/session-cookie";

import { CONTOSO } from "../../../tools/oidc-provider/demo-directory";
import {
  demoUser,
  startSecurityPortal,
  type SecurityPortal,
} from "./support/security-portal";

const admin = demoUser("admin@contoso.example");
const fabrikamAdmin = demoUser("admin@fabrikam.example");

let portal: SecurityPortal;
let contosoCookie: string;
let fabrikamCookie: string;

beforeAll(async () => {
  portal = await startSecurityPortal();
  contosoCookie = await portal.sessionCookieOf(admin);
  fabrikamCookie = await portal.sessionCookieOf(fabrikamAdmin);
});

afterAll(async () => {
  await portal?.stop();
});

function adminSession(overrides: Partial<Session> = {}): Session {
  return {
    oid: admin.oid,
    tenantId: admin.tenantId,
    organizationId: CONTOSO.organizationId,
    organizationName: CONTOSO.organizationName,
    name: admin.name,
    username: admin.username,
    roles: ["Portal.Admin"],
    expiresAt: Math.floor(Date.now() / 1000) + 600,
    ...overrides,
  };
}

const valueOf = (cookie: string) => cookie.slice(cookie.indexOf("=") + 1);

async function meStatus(cookie: string | undefined) {
  const response = await portal.request("/api/me", {
    headers: cookie ? { cookie } : {},
  });
  return { status: response.status, body: response.body };
}

describe("session cookie attacks", () => {
  test("missing cookie redirects page", async () => {
    const response = await portal.request("/fleet");

    expect(response.status).toBe(307);
    expect(response.headers.location).toMatch(/^\/sign-in\?returnTo=/);
  });

  test("tampered tag rejected", async () => {
    const parts = valueOf(contosoCookie).split(".");
    const tag = parts[4] ?? "";
    parts[4] = `${tag[0] === "A" ? "B" : "A"}${tag.slice(1)}`;

    const result = await meStatus(`nexora_session=${parts.join(".")}`);

    expect(result.status).toBe(401);
    expect(JSON.parse(result.body).code).toBe("invalid_session");
  });

  test("header changed to another algorithm rejected", async () => {
    const parts = valueOf(contosoCookie).split(".");
    parts[0] = Buffer.from(
      JSON.stringify({ alg: "dir", enc: "A128CBC-HS256" }),
    ).toString("base64url");

    const result = await meStatus(`nexora_session=${parts.join(".")}`);

    expect(result.status).toBe(401);
  });

  test("unencrypted JWT as cookie rejected", async () => {
    const encode = (value: object) =>
      Buffer.from(JSON.stringify(value)).toString("base64url");
    const forged = `${encode({ alg: "none" })}.${encode({
      oid: admin.oid,
      org: CONTOSO.organizationId,
      roles: ["Portal.Admin"],
    })}.`;

    const result = await meStatus(`nexora_session=${forged}`);

    expect(result.status).toBe(401);
  });

  test("expired cookie rejected", async () => {
    const value = await portal.sealCookie(
      adminSession({ expiresAt: Math.floor(Date.now() / 1000) - 5 }),
    );

    const result = await meStatus(`nexora_session=${value}`);

    expect(result.status).toBe(401);
    expect(JSON.parse(result.body).code).toBe("expired_session");
  });

  test("spliced organizations' cookies rejected", async () => {
    const contoso = valueOf(contosoCookie).split(".");
    const fabrikam = valueOf(fabrikamCookie).split(".");
    const spliced = [...contoso.slice(0, 3), ...fabrikam.slice(3)].join(".");

    const result = await meStatus(`nexora_session=${spliced}`);

    expect(result.status).toBe(401);
  });

  test("organization B cookie reads only B", async () => {
    const result = await meStatus(fabrikamCookie);

    expect(result.status).toBe(200);
    expect(result.body).not.toContain(CONTOSO.organizationId);
  });

  test("cookie without portal role rejected", async () => {
    const value = await portal.sealCookie(
      adminSession({ roles: ["Portal.Owner" as Session["roles"][number]] }),
    );

    const result = await meStatus(`nexora_session=${value}`);

    expect(result.status).toBe(401);
  });

  test("oversized cookie rejected, server stays up", async () => {
    const huge = `nexora_session=${"A".repeat(20_000)}`;

    const result = await meStatus(huge);
    const health = await portal.request("/api/health");

    expect(result.status).toBe(431);
    expect(health.status).toBe(200);
  });

  test("large garbage cookie rejected", async () => {
    const result = await meStatus(`nexora_session=${"A".repeat(8_000)}`);

    expect(result.status).toBe(401);
  });

  test("signed-out cookie replay rejected", async () => {
    const cookie = await portal.sessionCookieOf(admin);
    const signOut = await portal.request("/api/session", {
      method: "DELETE",
      headers: { cookie, origin: portal.portalUrl },
    });

    const replay = await meStatus(cookie);

    expect(signOut.status).toBe(204);
    expect(replay.status).toBe(401);
  });

  test("sign-in after sign-out works", async () => {
    const cookie = await portal.sessionCookieOf(admin);

    const result = await meStatus(cookie);

    expect(result.status).toBe(200);
  });

  test("cookie lifetime bounded by session maximum", async () => {
    const tokens = portal.accessTokenClaims(admin);
    const token = await portal.signWithProviderKey({
      ...tokens,
      exp: Math.floor(Date.now() / 1000) + 86_400,
    });

    const response = await portal.request("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: portal.portalUrl },
      body: JSON.stringify({ accessToken: token }),
    });

    const cookie = response.headers["set-cookie"]?.[0] ?? "";
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1] ?? "NaN");
    expect(maxAge).toBeLessThanOrEqual(3600);
  });
});
