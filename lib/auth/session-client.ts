/** Outcome of posting an access token to the session route. */
export type SessionPostResult =
  | { ok: true; expiresAt: number }
  | { ok: false; status: number; code: string; message: string };

/** Posts an access token once to `/api/session` to set the session cookie. */
export async function postSessionToken(
  accessToken: string,
): Promise<SessionPostResult> {
  const response = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ accessToken }),
    credentials: "same-origin",
    cache: "no-store",
  });
  const body = (await response.json().catch(() => ({}))) as {
    expiresAt?: number;
    code?: string;
    message?: string;
  };
  if (response.ok && typeof body.expiresAt === "number") {
    return { ok: true, expiresAt: body.expiresAt };
  }
  return {
    ok: false,
    status: response.status,
    code: body.code ?? "session_failed",
    message: body.message ?? "Signing in failed. Try again.",
  };
}

/** Clears the session cookie; resolves even when the request fails. */
export async function deleteSession(): Promise<void> {
  await fetch("/api/session", {
    method: "DELETE",
    credentials: "same-origin",
    cache: "no-store",
  }).catch(() => undefined);
}
