import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

import {
  callerFromForwardedHeaders,
  loadForwardedCertificateTrust,
  parseForwardedCertificate,
} from "@/lib/operations/notification-caller";
import { ensureCertificate } from "@/tools/certs/local-ca";

const SECRET = "0123456789abcdef0123456789abcdef";

describe("forwarded client certificate", () => {
  let pem = "";
  let fingerprint = "";

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-caller-"));
    const files = await ensureCertificate(dir, {
      name: "carrier",
      commonName: "carrier-carrier-a",
      usage: "client",
    });
    pem = readFileSync(files.certPath, "utf8");
    fingerprint = new X509Certificate(pem).fingerprint256;
  });

  it("URL-encoded PEM parsed", () => {
    expect(parseForwardedCertificate(encodeURIComponent(pem))?.commonName).toBe(
      "carrier-carrier-a",
    );
  });

  it("base64 DER parsed", () => {
    const der = new X509Certificate(pem).raw.toString("base64");
    expect(parseForwardedCertificate(der)?.fingerprint256).toBe(fingerprint);
  });

  it("Envoy Cert element parsed", () => {
    const header = `Hash=abc;Cert="${encodeURIComponent(pem)}";Subject="CN=carrier-carrier-a"`;
    expect(parseForwardedCertificate(header)?.fingerprint256).toBe(fingerprint);
  });

  it("Envoy hash and subject parsed", () => {
    const hash = fingerprint.replace(/:/g, "").toLowerCase();
    const identity = parseForwardedCertificate(
      `Hash=${hash};Subject="CN=carrier-carrier-a,O=Carrier"`,
    );
    expect(identity).toEqual({
      commonName: "carrier-carrier-a",
      fingerprint256: fingerprint,
    });
  });

  it("garbage header unreadable", () => {
    expect(parseForwardedCertificate("not a certificate")).toBeNull();
  });

  it("trust needs header and secret", () => {
    expect(
      loadForwardedCertificateTrust({
        ES2_NOTIFICATION_CERT_HEADER: "X-Client-Cert",
      }),
    ).toBeNull();
  });

  it("short secret not trusted", () => {
    expect(
      loadForwardedCertificateTrust({
        ES2_NOTIFICATION_CERT_HEADER: "X-Client-Cert",
        ES2_NOTIFICATION_PROXY_SECRET: "short",
      }),
    ).toBeNull();
  });

  it("header names lower-cased", () => {
    const trust = loadForwardedCertificateTrust({
      ES2_NOTIFICATION_CERT_HEADER: "X-Client-Cert",
      ES2_NOTIFICATION_PROXY_SECRET: SECRET,
    });
    expect(trust?.certificateHeader).toBe("x-client-cert");
  });

  it("wrong secret refused", () => {
    const trust = {
      certificateHeader: "x-client-cert",
      secretHeader: "x-secret",
      secret: SECRET,
    };
    const result = callerFromForwardedHeaders(
      new Headers({
        "x-client-cert": encodeURIComponent(pem),
        "x-secret": `${SECRET}x`,
      }),
      trust,
    );
    expect(result.ok).toBe(false);
  });

  it("right secret yields identity", () => {
    const trust = {
      certificateHeader: "x-client-cert",
      secretHeader: "x-secret",
      secret: SECRET,
    };
    const result = callerFromForwardedHeaders(
      new Headers({
        "x-client-cert": encodeURIComponent(pem),
        "x-secret": SECRET,
      }),
      trust,
    );
    expect(result.ok).toBe(true);
    expect(result.ok ? result.identity.commonName : null).toBe(
      "carrier-carrier-a",
    );
  });
});
