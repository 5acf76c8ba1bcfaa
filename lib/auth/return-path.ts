/** Where sign-in lands when no valid `returnTo` is given. */
export const DEFAULT_RETURN_PATH = "/dashboard";

/**
 * Returns `value` when it is a same-origin path of the portal, otherwise the
 * dashboard, so `returnTo` cannot send a user to another site or loop back
 * into sign-in.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 512) return DEFAULT_RETURN_PATH;
  if (!value.startsWith("/") || value.startsWith("//")) {
    return DEFAULT_RETURN_PATH;
  }
  if (value.includes("\\") || /[\u0000-\u001f]/.test(value)) {
    return DEFAULT_RETURN_PATH;
  }
  const path = value.split(/[?#]/)[0] ?? "";
  const authPaths = ["/sign-in", "/sign-out", "/auth/", "/no-access", "/api/"];
  if (authPaths.some((prefix) => path === prefix || path.startsWith(prefix))) {
    return DEFAULT_RETURN_PATH;
  }
  return value;
}

/** Request header in which proxy.ts passes the page path for `returnTo`. */
export const PATH_HEADER = "x-portal-path";
