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
// ICCIDs of this suite: numbers 93000 and up.
const ICCID = testIccid(93001);
const BYPASS_VALUES = [
  "proxy",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy:proxy:proxy:proxy:proxy",
];

let portal: SecurityPortal;
let cookie: string;

beforeAll(async () => {
  portal = await startSecurityPortal();
  await portal.store.profiles.create(
    testProfile(CONTOSO.organizationId, 93001, {
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
    }),
  );
  cookie = await portal.sessionCookieOf(admin);
});

afterAll(async () => {
  await portal?.stop();
});

describe("x-middleware-subrequest header", () => {
  const targets = ["/fleet", `/fleet/${ICCID}`, "/api/me", "/api/fleet/export"];

  for (const pathname of targets) {
    test(`${pathname} rejected with header`, async () => {
      for (const value of BYPASS_VALUES) {
        const response = await portal.request(pathname, {
          headers: { cookie, "x-middleware-subrequest": value },
        });

        expect(response.status).toBe(400);
        expect(response.body).not.toContain(ICCID);
      }
    });
  }

  test("signed-out page stays guarded", async () => {
    const response = await portal.request("/fleet", {
      headers: { "x-middleware-subrequest": BYPASS_VALUES[3]! },
    });

    expect(response.status).toBe(400);
  });

  test("server action rejected, nothing stored", async () => {
    const actionId = await findServerActionId("revokeProfileAction");
    const before = portal.snapshot();

    const response = await postFormAction({
      portalUrl: portal.portalUrl,
      pagePath: `/fleet/${ICCID}`,
      actionId,
      fields: {
        idempotencyKey: randomUUID(),
        iccid: ICCID,
        finalProfileStatusIndicator: "Unavailable",
        reason: "Bypass check",
      },
      cookie,
      headers: { "x-middleware-subrequest": BYPASS_VALUES[3]! },
    });

    expect(response.status).toBe(400);
    expect(portal.snapshot()).toBe(before);
  });
});

describe("response headers", () => {
  const signedInPages = ["/dashboard", "/fleet", `/fleet/${ICCID}`];

  for (const pathname of signedInPages) {
    test(`${pathname} is not stored by caches`, async () => {
      const response = await portal.request(pathname, { headers: { cookie } });

      expect(response.status).toBe(200);
      expect(response.headers["cache-control"]).toMatch(/no-store/);
    });
  }

  test("redirect bridge is not stored", async () => {
    const response = await portal.request("/auth/redirect");

    expect(response.headers["cache-control"]).toMatch(/no-store/);
  });

  const headerTargets = [
    "/sign-in",
    "/dashboard",
    "/api/me",
    "/api/health",
    "/api/fleet/export",
    "/api/session",
  ];

  for (const pathname of headerTargets) {
    test(`${pathname} carries security headers`, async () => {
      const response = await portal.request(pathname, { headers: { cookie } });

      expect(response.headers["content-security-policy"]).toContain(
        "frame-ancestors 'none'",
      );
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["referrer-policy"]).toBe(
        "strict-origin-when-cross-origin",
      );
    });
  }

  test("redirect bridge framed by own origin only", async () => {
    const response = await portal.request("/auth/redirect");

    expect(response.headers["content-security-policy"]).toContain(
      "frame-ancestors 'self'",
    );
  });

  test("API responses are not stored", async () => {
    for (const pathname of ["/api/me", "/api/fleet/export", "/api/session"]) {
      const response = await portal.request(pathname, { headers: { cookie } });

      expect(response.headers["cache-control"]).toMatch(/no-store/);
    }
  });
});
