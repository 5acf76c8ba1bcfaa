import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import {
  ActivationCodeCipher,
  loadOrCreateLocalKey,
} from "@/lib/store/activation-code-cipher";

const CODE = "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815";
const cipher = new ActivationCodeCipher(Buffer.alloc(32, 3));

describe("ActivationCodeCipher", () => {
  it("decrypt returns the plaintext", () => {
    const stored = cipher.encrypt(CODE, "org-1", "8988211000000530082");
    expect(cipher.decrypt(stored, "org-1", "8988211000000530082")).toBe(CODE);
  });

  it("stored form hides the code", () => {
    const stored = cipher.encrypt(CODE, "org-1", "8988211000000530082");
    expect(stored).not.toContain("04386");
  });

  it("same code encrypts differently", () => {
    expect(cipher.encrypt(CODE, "o", "1")).not.toBe(
      cipher.encrypt(CODE, "o", "1"),
    );
  });

  it("other ICCID fails to decrypt", () => {
    const stored = cipher.encrypt(CODE, "org-1", "8988211000000530082");
    expect(() =>
      cipher.decrypt(stored, "org-1", "8947010000123456784"),
    ).toThrow(/cannot be decrypted/);
  });

  it("other key fails to decrypt", () => {
    const stored = cipher.encrypt(CODE, "org-1", "1");
    const other = new ActivationCodeCipher(Buffer.alloc(32, 4));
    expect(() => other.decrypt(stored, "org-1", "1")).toThrow(
      /cannot be decrypted/,
    );
  });

  it("short key rejected", () => {
    expect(() => new ActivationCodeCipher(Buffer.alloc(16))).toThrow(
      RangeError,
    );
  });
});

describe("loadOrCreateLocalKey", () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("local key created once", () => {
    dir = mkdtempSync(path.join(tmpdir(), "nexorasim-key-"));
    const database = path.join(dir, "store.db");
    expect(
      loadOrCreateLocalKey(database).equals(loadOrCreateLocalKey(database)),
    ).toBe(true);
  });

  it("local key file is private", () => {
    dir = mkdtempSync(path.join(tmpdir(), "nexorasim-key-"));
    loadOrCreateLocalKey(path.join(dir, "store.db"));
    const file = path.join(dir, "data-encryption.key");
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(
      Buffer.from(readFileSync(file, "utf8").trim(), "base64"),
    ).toHaveLength(32);
  });
});
