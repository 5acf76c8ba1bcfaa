import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWTVerifyGetKey,
} from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { TokenRejectedError } from "@/lib/auth/errors";
import { verifyAccessToken, type TokenPolicy } from "@/lib/auth/token-verifier";

const TENANT = "197aae82-4b1d-4d9f-b9bf-8159dc3e43f1";
const POLICY: TokenPolicy = {
  audiences: ["client-id"],
  issuerTemplate: "https://login.example.test/{tenantid}/v2.0",
  apiScope: "api://client-id/Portal.Access",
};

let privateKey: CryptoKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  const jwk = {
    ...(await exportJWK(pair.publicKey)),
    kid: "key-1",
    alg: "RS256",
  };
  keys = createLocalJWKSet({ keys: [jwk] });
});

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `https://login.example.test/${TENANT}/v2.0`,
    aud: "client-id",
    oid: "user-oid",
    tid: TENANT,
    name: "Ada Admin",
    preferred_username: "ada@contoso.example",
    roles: ["Portal.Admin"],
    scp: "Portal.Access",
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

function sign(payload: Record<string, unknown>) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: "key-1" })
    .sign(privateKey);
}

async function reasonOf(token: string): Promise<string> {
  try {
    await verifyAccessToken(token, keys, POLICY);
    return "accepted";
  } catch (error) {
    if (error instanceof TokenRejectedError) return error.reason;
    throw error;
  }
}

describe("verifyAccessToken", () => {
  test("valid token returns claims", async () => {
    const token = await verifyAccessToken(await sign(claims()), keys, POLICY);

    expect(token.oid).toBe("user-oid");
    expect(token.tid).toBe(TENANT);
    expect(token.username).toBe("ada@contoso.example");
  });

  test("expired token rejected", async () => {
    const now = Math.floor(Date.now() / 1000);

    expect(
      await reasonOf(await sign(claims({ exp: now - 120, iat: now - 900 }))),
    ).toBe("token_expired");
  });

  test("other audience rejected", async () => {
    expect(await reasonOf(await sign(claims({ aud: "other" })))).toBe(
      "wrong_audience",
    );
  });

  test("issuer of other tenant rejected", async () => {
    const otherTenant = "287b6a53-4e2f-478e-b095-39e506ae3edd";

    expect(
      await reasonOf(
        await sign(
          claims({ iss: `https://login.example.test/${otherTenant}/v2.0` }),
        ),
      ),
    ).toBe("wrong_issuer");
  });

  test("missing scope rejected", async () => {
    expect(await reasonOf(await sign(claims({ scp: "User.Read" })))).toBe(
      "missing_scope",
    );
  });

  test("missing tid rejected", async () => {
    expect(await reasonOf(await sign(claims({ tid: undefined })))).toBe(
      "missing_claims",
    );
  });

  test("alg none rejected", async () => {
    const encode = (value: object) =>
      Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ alg: "none" })}.${encode(claims())}.`;

    expect(await reasonOf(token)).toBe("unsupported_algorithm");
  });

  test("garbage rejected as malformed", async () => {
    expect(await reasonOf("not-a-jwt")).toBe("malformed_token");
  });

  test("foreign key signature rejected", async () => {
    const { privateKey: otherKey } = await generateKeyPair("RS256");
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .sign(otherKey);

    expect(await reasonOf(token)).toBe("bad_signature");
  });

  test("expired rejection keeps verified claims", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(claims({ exp: now - 120, iat: now - 900 }));

    const error = await verifyAccessToken(token, keys, POLICY).catch(
      (caught: unknown) => caught,
    );

    expect((error as TokenRejectedError).verifiedClaims?.tid).toBe(TENANT);
  });
});
