import { describe, expect, test } from "vitest";
import {
  openSession,
  sealSession,
  sessionCookieOptions,
  type Session,
} from "@/lib/auth/session-cookie";

const KEY = new Uint8Array(32).fill(7);
const session = (expiresAt: number): Session => ({
  oid: "user-oid",
  tenantId: "197aae82-4b1d-4d9f-b9bf-8159dc3e43f1",
  organizationId: "contoso-fleet",
  organizationName: "Contoso Fleet",
  name: "Ada Admin",
  username: "ada@contoso.example",
  roles: ["Portal.Admin"],
  expiresAt,
});
const inMinutes = (minutes: number) =>
  Math.floor(Date.now() / 1000) + minutes * 60;

describe("session cookie", () => {
  test("sealed session opens unchanged", async () => {
    const original = session(inMinutes(10));

    const opened = await openSession(await sealSession(original, KEY), KEY);

    expect(opened).toEqual({
      ok: true,
      session: { ...original, issuedAtMs: expect.any(Number) },
    });
  });

  test("expired session reported expired", async () => {
    const opened = await openSession(
      await sealSession(session(inMinutes(-1)), KEY),
      KEY,
    );

    expect(opened).toEqual({ ok: false, reason: "expired_session" });
  });

  test("other key reported invalid", async () => {
    const sealed = await sealSession(session(inMinutes(10)), KEY);

    expect(await openSession(sealed, new Uint8Array(32))).toEqual({
      ok: false,
      reason: "invalid_session",
    });
  });

  test("tampered ciphertext reported invalid", async () => {
    const sealed = await sealSession(session(inMinutes(10)), KEY);
    const parts = sealed.split(".");
    const ciphertext = parts[3] ?? "";
    parts[3] = `${ciphertext[0] === "A" ? "B" : "A"}${ciphertext.slice(1)}`;

    expect((await openSession(parts.join("."), KEY)).ok).toBe(false);
  });

  test("session without role reported invalid", async () => {
    const sealed = await sealSession(
      { ...session(inMinutes(10)), roles: [] },
      KEY,
    );

    expect((await openSession(sealed, KEY)).ok).toBe(false);
  });

  test("https cookie uses __Host- prefix", () => {
    const options = sessionCookieOptions(true, 60);

    expect(options.name).toBe("__Host-nexora_session");
    expect(options.secure).toBe(true);
    expect(options.path).toBe("/");
  });

  test("http cookie is not Secure", () => {
    const options = sessionCookieOptions(false, 60);

    expect(options.name).toBe("nexora_session");
    expect(options.secure).toBe(false);
    expect(options.httpOnly).toBe(true);
    expect(options.sameSite).toBe("lax");
  });
});
