import { describe, expect, test } from "vitest";
import { loadAuthConfig } from "@/lib/config/auth-env";
import { ConfigError } from "@/lib/config/errors";

const BASE = {
  AUTH_AUTHORITY:
    "https://login.microsoftonline.com/197aae82-4b1d-4d9f-b9bf-8159dc3e43f1",
  AUTH_CLIENT_ID: "c2d91721-3f8f-4ed6-8bf5-d20d4c98cdd6",
  AUTH_API_SCOPE: "api://c2d91721-3f8f-4ed6-8bf5-d20d4c98cdd6/Portal.Access",
  SESSION_SECRET: Buffer.alloc(32, 1).toString("base64url"),
};

describe("loadAuthConfig", () => {
  test("Entra ID defaults derived", () => {
    const config = loadAuthConfig(BASE);

    expect(config.issuerTemplate).toBe(
      "https://login.microsoftonline.com/{tenantid}/v2.0",
    );
    expect(config.audiences).toEqual([BASE.AUTH_CLIENT_ID]);
    expect(config.protocolMode).toBe("AAD");
    expect(config.trustProxy).toBe(false);
  });

  test("known authorities parsed", () => {
    const config = loadAuthConfig({
      ...BASE,
      AUTH_KNOWN_AUTHORITIES: "localhost:3443, login.example.com",
    });

    expect(config.knownAuthorities).toEqual([
      "localhost:3443",
      "login.example.com",
    ]);
  });

  test("http authority rejected", () => {
    expect(() =>
      loadAuthConfig({ ...BASE, AUTH_AUTHORITY: "http://localhost:3443/x" }),
    ).toThrow(ConfigError);
  });

  test("missing session secret named", () => {
    expect(() =>
      loadAuthConfig({ ...BASE, SESSION_SECRET: undefined }),
    ).toThrow(/SESSION_SECRET/);
  });

  test("short session secret rejected", () => {
    expect(() =>
      loadAuthConfig({ ...BASE, SESSION_SECRET: "c2hvcnQ" }),
    ).toThrow(/SESSION_SECRET/);
  });
});
