/**
 * Whether a state-changing request comes from the portal's own pages: its
 * `Origin` header must equal the portal's origin. A request without
 * `Origin` is rejected too, since browsers send it on every POST.
 */
export function isSameOriginRequest(
  headers: Headers,
  portalOrigin: string,
): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).origin === new URL(portalOrigin).origin;
  } catch {
    return false;
  }
}
