import { describe, expect, test } from "vitest";
import { buildContentSecurityPolicy } from "@/lib/auth/content-security-policy";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { readRequestMetadata } from "@/lib/auth/request-metadata";
import { safeReturnPath } from "@/lib/auth/return-path";

describe("safeReturnPath", () => {
  const cases: Array<[string | null, string]> = [
    ["/fleet?page=2", "/fleet?page=2"],
    [null, "/dashboard"],
    ["https://attacker.example/", "/dashboard"],
    ["//attacker.example", "/dashboard"],
    ["/\\attacker.example", "/dashboard"],
    ["/sign-in?returnTo=/sign-in", "/dashboard"],
    ["/api/me", "/dashboard"],
  ];
  for (const [input, expected] of cases) {
    test(`return path ${String(input)}`, () => {
      expect(safeReturnPath(input)).toBe(expected);
    });
  }
});

describe("isSameOriginRequest", () => {
  test("own origin accepted", () => {
    const headers = new Headers({ origin: "http://localhost:3000" });
    expect(isSameOriginRequest(headers, "http://localhost:3000")).toBe(true);
  });

  test("foreign origin rejected", () => {
    const headers = new Headers({ origin: "https://attacker.example" });
    expect(isSameOriginRequest(headers, "http://localhost:3000")).toBe(false);
  });

  test("missing origin rejected", () => {
    expect(isSameOriginRequest(new Headers(), "http://localhost:3000")).toBe(
      false,
    );
  });
});

describe("readRequestMetadata", () => {
  const headers = new Headers({
    "x-forwarded-for": "203.0.113.9, 10.0.0.4",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "portal.example.com",
    host: "localhost:3000",
    "user-agent": "Playwright",
  });

  test("trusted proxy uses first hop", () => {
    const metadata = readRequestMetadata(headers, {
      trustProxy: true,
      portalOrigin: null,
    });
    expect(metadata.sourceIp).toBe("203.0.113.9");
  });

  test("trusted proxy sets public origin", () => {
    const metadata = readRequestMetadata(headers, {
      trustProxy: true,
      portalOrigin: null,
    });
    expect(metadata.origin).toBe("https://portal.example.com");
  });

  test("untrusted forwarding ignored for origin", () => {
    const metadata = readRequestMetadata(headers, {
      trustProxy: false,
      portalOrigin: null,
    });
    expect(metadata.origin).toBe("http://localhost:3000");
  });

  test("untrusted forwarding uses last hop", () => {
    const metadata = readRequestMetadata(headers, {
      trustProxy: false,
      portalOrigin: null,
    });
    expect(metadata.sourceIp).toBe("10.0.0.4");
  });

  test("configured origin wins", () => {
    const metadata = readRequestMetadata(headers, {
      trustProxy: true,
      portalOrigin: "https://nexora.example.com",
    });
    expect(metadata.origin).toBe("https://nexora.example.com");
  });
});

describe("buildContentSecurityPolicy", () => {
  const build = (pathname: string) =>
    buildContentSecurityPolicy({
      pathname,
      nonce: "bm9uY2U=",
      authorityOrigin: "https://localhost:3443",
      development: false,
    });

  test("dynamic page uses nonce", () => {
    expect(build("/dashboard").policy).toContain("'nonce-bm9uY2U='");
  });

  test("authority allowed for fetch", () => {
    expect(build("/sign-in").policy).toContain(
      "connect-src 'self' https://localhost:3443",
    );
  });

  test("pages refuse framing", () => {
    expect(build("/dashboard").policy).toContain("frame-ancestors 'none'");
  });

  test("bridge page allows same-origin framing", () => {
    expect(build("/auth/redirect").policy).toContain("frame-ancestors 'self'");
  });

  test("static page has no nonce", () => {
    expect(build("/").usesNonce).toBe(false);
  });
});
