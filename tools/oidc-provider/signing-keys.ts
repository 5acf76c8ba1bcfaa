import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
} from "jose";
import { z } from "zod";

/** Private key material of the local provider, kept between restarts. */
export interface ProviderKeys {
  /** Private signing JWKS: one RS256 key, as Entra ID signs with RS256. */
  jwks: { keys: JWK[] };
  /** Keys that sign the provider's own cookies. */
  cookieKeys: string[];
}

const storedKeysSchema = z.object({
  jwks: z.object({
    keys: z
      .array(
        z
          .object({ kty: z.literal("RSA"), kid: z.string(), d: z.string() })
          .loose(),
      )
      .min(1),
  }),
  cookieKeys: z.array(z.string().min(32)).min(1),
});

/**
 * Loads the provider's keys from `<dir>/keys.json`, creating them once.
 * Stable keys keep tokens and portal sessions valid across restarts.
 */
export async function ensureProviderKeys(dir: string): Promise<ProviderKeys> {
  const file = path.join(dir, "keys.json");
  if (existsSync(file)) {
    const parsed = storedKeysSchema.safeParse(
      JSON.parse(await readFile(file, "utf8")),
    );
    if (parsed.success) return parsed.data as ProviderKeys;
    throw new Error(
      `${file} is not a valid key file: delete it to generate new keys.`,
    );
  }

  const { privateKey } = await generateKeyPair("RS256", {
    modulusLength: 2048,
    extractable: true,
  });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const keys: ProviderKeys = {
    jwks: { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] },
    cookieKeys: [randomBytes(32).toString("base64url")],
  };

  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
