import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureLocalCertificates } from "@/tools/certs/local-ca";

describe("ensureLocalCertificates", () => {
  it("issues certificates that verify against the local CA", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-ca-"));
    const certs = await ensureLocalCertificates(dir);

    const output = execFileSync("openssl", [
      "verify", "-CAfile", certs.ca.certPath,
      certs.localhost.certPath, certs.portalClient.certPath,
    ]).toString();

    expect(output).toContain(`${certs.localhost.certPath}: OK`);
    expect(output).toContain(`${certs.portalClient.certPath}: OK`);
  });

  it("keeps existing files on a second call", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-ca-"));
    const first = await ensureLocalCertificates(dir);
    const before = readFileSync(first.localhost.certPath, "utf8");

    const second = await ensureLocalCertificates(dir);

    expect(readFileSync(second.localhost.certPath, "utf8")).toBe(before);
  });

  it("names localhost in the server certificate", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-ca-"));
    const certs = await ensureLocalCertificates(dir);

    const text = execFileSync("openssl", [
      "x509", "-in", certs.localhost.certPath, "-noout", "-ext", "subjectAltName",
    ]).toString();

    expect(text).toContain("DNS:localhost");
  });
});
