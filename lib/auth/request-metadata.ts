/** Where a request came from, as the audit trail records it. */
export interface RequestMetadata {
  sourceIp: string | null;
  userAgent: string | null;
  /** Origin of the request URL as the client addressed it. */
  origin: string;
  secure: boolean;
}

const MAX_USER_AGENT = 512;

function firstHop(value: string | null): string | null {
  const hop = value?.split(",")[0]?.trim();
  return hop ? hop.slice(0, 64) : null;
}

function lastHop(value: string | null): string | null {
  const hop = value?.split(",").at(-1)?.trim();
  return hop ? hop.slice(0, 64) : null;
}

/**
 * Reads the client address, user agent and the portal's origin from request
 * headers.
 *
 * Behind a trusted proxy (`trustProxy`), the first `X-Forwarded-For` hop is
 * the client and `X-Forwarded-Proto`/`-Host` give the public origin.
 * Otherwise a client could write those headers itself, so only the last
 * hop counts: the one `next start` appends from the socket address.
 * A configured `portalOrigin` overrides the origin read from the headers.
 */
export function readRequestMetadata(
  headers: Headers,
  options: { trustProxy: boolean; portalOrigin: string | null },
): RequestMetadata {
  const forwardedFor = headers.get("x-forwarded-for");
  const sourceIp = options.trustProxy
    ? firstHop(forwardedFor)
    : lastHop(forwardedFor);

  let origin = options.portalOrigin;
  if (!origin) {
    const proto = options.trustProxy
      ? firstHop(headers.get("x-forwarded-proto"))
      : null;
    const host =
      (options.trustProxy ? firstHop(headers.get("x-forwarded-host")) : null) ??
      headers.get("host") ??
      "localhost";
    origin = `${proto === "https" ? "https" : "http"}://${host}`;
  }

  const userAgent = headers.get("user-agent");
  return {
    sourceIp,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    origin,
    secure: origin.startsWith("https:"),
  };
}
