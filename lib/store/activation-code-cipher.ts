// AES-256-GCM encryption of activation codes at rest. Stored form:
// "v1:" + base64(12-byte IV | 16-byte tag | ciphertext). The organization id
// and ICCID are additional authenticated data, so a ciphertext copied onto
// another profile fails to decrypt.

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class ActivationCodeCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new RangeError(
        `The data encryption key has ${key.length} bytes; AES-256 needs 32.`,
      );
    }
  }

  encrypt(plaintext: string, organizationId: string, iccid: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(`${organizationId}\n${iccid}`));
    const body = Buffer.concat([
      cipher.update(plaintext, "utf8"),
      cipher.final(),
    ]);
    const stored = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return PREFIX + stored.toString("base64");
  }

  /** @throws Error when the key differs or the ciphertext was altered */
  decrypt(stored: string, organizationId: string, iccid: string): string {
    if (!stored.startsWith(PREFIX)) {
      throw new Error(
        `The stored activation code of ICCID ${iccid} has an unknown format.`,
      );
    }
    const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = raw.subarray(IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
    decipher.setAAD(Buffer.from(`${organizationId}\n${iccid}`));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString(
        "utf8",
      );
    } catch (error) {
      throw new Error(
        `The activation code of ICCID ${iccid} cannot be decrypted: the ` +
          "DATA_ENCRYPTION_KEY differs from the one it was written with, or " +
          "the stored value was altered.",
        { cause: error },
      );
    }
  }
}

/**
 * Reads the local data key stored beside the SQLite file, creating it with
 * mode 0600 on first use.
 *
 * NOTE: this key only suits a single machine. Production must set
 * DATA_ENCRYPTION_KEY (from Key Vault), shared by every replica.
 */
export function loadOrCreateLocalKey(databasePath: string): Buffer {
  const keyPath = path.join(path.dirname(databasePath), "data-encryption.key");
  if (existsSync(keyPath)) {
    const key = Buffer.from(readFileSync(keyPath, "utf8").trim(), "base64");
    if (key.length !== 32) {
      throw new RangeError(
        `The local key file ${keyPath} does not hold 32 base64 bytes. ` +
          "Delete it only if no stored activation code needs it.",
      );
    }
    return key;
  }
  mkdirSync(path.dirname(keyPath), { recursive: true });
  const key = randomBytes(32);
  // "wx" fails when another process created the file first; then read theirs.
  try {
    writeFileSync(keyPath, key.toString("base64") + "\n", {
      mode: 0o600,
      flag: "wx",
    });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return loadOrCreateLocalKey(databasePath);
    }
    throw error;
  }
}
