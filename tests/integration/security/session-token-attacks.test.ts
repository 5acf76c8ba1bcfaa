import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { CONTOSO, FABRIKAM } from "../../../tools/oidc-provider/demo-directory";
import {
  demoUser,
  startSecurityPortal,
  type SecurityPortal,
} from "./support/security-portal";

const SYSTEM = "system";
const admin = demoUser("admin@contoso.example");

let portal: SecurityPortal;

beforeAll(async () => {
  portal = await startSecurityPortal();
});

afterAll(async () => {
  await portal?.stop();
});

function postSession(
  body: string,
  headers: Record<string, string> = {},
  method = "POST",
) {
  return portal.request("/api/session", {
    method,
    headers: {
      "content-type": "application/json",
      origin: portal.portalUrl,
      ...headers,
    },
    body,
  });
}

const tokenBody = (token: string) => JSON.stringify({ accessToken: token });

interface TokenCase {
  name: string;
  token: () => Promise<string>;
  status: number;
  reason: string;
  organizationId: string;
}

const encode = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

const TOKEN_CASES: TokenCase[] = [
  {
    name: "HS256 with provider public key",
    token: async () =>
      new SignJWT(portal.accessTokenClaims(admin))
        .setProtectedHeader({ alg: "HS256", kid: portal.providerJwk.kid })
        .sign(new TextEncoder().encode(JSON.stringify(portal.providerJwk))),
    status: 401,
    reason: "unsupported_algorithm",
    organizationId: SYSTEM,
  },
  {
    name: "alg none with provider kid",
    token: async () =>
      `${encode({ alg: "none", kid: portal.providerJwk.kid })}.${encode(
        portal.accessTokenClaims(admin),
      )}.`,
    status: 401,
    reason: "unsupported_algorithm",
    organizationId: SYSTEM,
  },
  {
    name: "embedded attacker jwk",
    token: async () => {
      const { publicKey, privateKey } = await generateKeyPair("RS256");
      return new SignJWT(portal.accessTokenClaims(admin))
        .setProtectedHeader({ alg: "RS256", jwk: await exportJWK(publicKey) })
        .sign(privateKey);
    },
    status: 401,
    reason: "bad_signature",
    organizationId: SYSTEM,
  },
  {
    name: "kid pointing nowhere",
    token: () =>
      portal.signWithProviderKey(portal.accessTokenClaims(admin), {
        kid: "no-such-key",
      }),
    status: 401,
    reason: "bad_signature",
    organizationId: SYSTEM,
  },
  {
    name: "not yet valid",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        nbf: Math.floor(Date.now() / 1000) + 3600,
      }),
    status: 401,
    reason: "token_not_yet_valid",
    organizationId: CONTOSO.organizationId,
  },
  {
    name: "expired",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        exp: Math.floor(Date.now() / 1000) - 600,
      }),
    status: 401,
    reason: "token_expired",
    organizationId: CONTOSO.organizationId,
  },
  {
    name: "tenant differs from issuer",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        tid: FABRIKAM.id,
      }),
    status: 401,
    reason: "wrong_issuer",
    organizationId: FABRIKAM.organizationId,
  },
  {
    name: "audience of another application",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        aud: "api://another-application",
      }),
    status: 401,
    reason: "wrong_audience",
    organizationId: CONTOSO.organizationId,
  },
  {
    name: "roles claim missing",
    token: () => {
      const claims = portal.accessTokenClaims(admin);
      delete claims.roles;
      return portal.signWithProviderKey(claims);
    },
    status: 403,
    reason: "no_roles",
    organizationId: CONTOSO.organizationId,
  },
  {
    name: "unknown roles only",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        roles: ["Portal.Owner", "portal.admin", "Admin"],
      }),
    status: 403,
    reason: "no_roles",
    organizationId: CONTOSO.organizationId,
  },
  {
    name: "role as a string",
    token: () =>
      portal.signWithProviderKey({
        ...portal.accessTokenClaims(admin),
        roles: "Portal.Admin",
      }),
    status: 403,
    reason: "no_roles",
    organizationId: CONTOSO.organizationId,
  },
];

describe.each(TOKEN_CASES)("POST /api/session $name", (tokenCase) => {
  test("rejected without cookie, audited", async () => {
    const token = await tokenCase.token();
    let response = {
      status: 0,
      body: "",
      headers: {} as Record<string, unknown>,
    };

    const added = await portal.auditOf(tokenCase.organizationId, async () => {
      response = await postSession(tokenBody(token));
    });

    expect(response.status).toBe(tokenCase.status);
    expect(JSON.parse(response.body).code).toBe(tokenCase.reason);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(added.map((entry) => [entry.action, entry.reason])).toEqual([
      ["auth.sign-in", tokenCase.reason],
    ]);
  });
});

describe("POST /api/session request shape", () => {
  test("huge token rejected unaudited", async () => {
    const claims = {
      ...portal.accessTokenClaims(admin),
      pad: "x".repeat(20_000),
    };
    const token = await portal.signWithProviderKey(claims);
    let status = 0;

    const added = await portal.auditOf(SYSTEM, async () => {
      status = (await postSession(tokenBody(token))).status;
    });

    expect(status).toBe(400);
    expect(added).toHaveLength(0);
  });

  test("non-JSON body rejected", async () => {
    const response = await postSession("accessToken=eyJ.eyJ.sig");

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).code).toBe("invalid_body");
  });

  test("wrong content type rejected", async () => {
    const token = await portal.signWithProviderKey(
      portal.accessTokenClaims(admin),
    );

    const response = await postSession(tokenBody(token), {
      "content-type": "text/plain",
    });

    expect(response.status).toBe(415);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  test("valid provider token accepted", async () => {
    const token = await portal.signWithProviderKey(
      portal.accessTokenClaims(admin),
    );

    const response = await postSession(tokenBody(token));

    expect(response.status).toBe(200);
  });
});

describe("/api/session cross-site requests", () => {
  const foreignOrigins: [string, Record<string, string>][] = [
    ["foreign origin", { origin: "https://attacker.example" }],
    ["null origin", { origin: "null" }],
    ["sibling port origin", { origin: "http://localhost:1" }],
  ];

  for (const [name, headers] of foreignOrigins) {
    test(`sign-in from ${name} rejected`, async () => {
      const token = await portal.signWithProviderKey(
        portal.accessTokenClaims(admin),
      );

      const response = await postSession(tokenBody(token), headers);

      expect(response.status).toBe(403);
      expect(response.headers["set-cookie"]).toBeUndefined();
    });
  }

  test("sign-in without origin rejected", async () => {
    const token = await portal.signWithProviderKey(
      portal.accessTokenClaims(admin),
    );

    const response = await portal.request("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: tokenBody(token),
    });

    expect(response.status).toBe(403);
  });

  test("sign-out from foreign origin rejected", async () => {
    const cookie = await portal.sessionCookieOf(admin);

    const response = await portal.request("/api/session", {
      method: "DELETE",
      headers: { cookie, origin: "https://attacker.example" },
    });
    const me = await portal.request("/api/me", { headers: { cookie } });

    expect(response.status).toBe(403);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(me.status).toBe(200);
  });
});
