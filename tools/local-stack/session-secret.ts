import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Returns the local session key from `<dir>/session-secret`, creating it
 * once, so portal sessions survive a restart of the local stack.
 */
export async function ensureLocalSessionSecret(dir: string): Promise<string> {
  const file = path.join(dir, "session-secret");
  if (existsSync(file)) {
    const secret = (await readFile(file, "utf8")).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(secret)) return secret;
  }
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
