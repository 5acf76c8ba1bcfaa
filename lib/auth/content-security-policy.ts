/** Paths of the signed-in area: unauthenticated page visits go to sign-in. */
export const SIGNED_IN_PREFIXES = [
  "/dashboard",
  "/fleet",
  "/operations",
  "/support",
  "/carriers",
  "/audit",
];

/** Pages rendered per request, which can carry a per-request nonce. */
const DYNAMIC_PAGE_PREFIXES = [
  ...SIGNED_IN_PREFIXES,
  "/sign-in",
  "/sign-out",
  "/no-access",
  "/auth/redirect",
];

function matchesPrefix(pathname: string, prefixes: string[]): boolean {
  return prefixes.some(
    (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}

export function isSignedInPath(pathname: string): boolean {
  return matchesPrefix(pathname, SIGNED_IN_PREFIXES);
}

/** The MSAL bridge page is framed by MSAL's hidden renewal iframe. */
export function isRedirectBridgePath(pathname: string): boolean {
  return pathname === "/auth/redirect";
}

/**
 * Builds the Content-Security-Policy of a page. Pages rendered per request
 * get a nonce (Next.js adds it to its own scripts); pages prerendered at
 * build time cannot, so they allow inline scripts from this origin only.
 *
 * @param authorityOrigin origin MSAL fetches metadata and tokens from
 */
export function buildContentSecurityPolicy(options: {
  pathname: string;
  nonce: string;
  authorityOrigin: string | null;
  development: boolean;
}): { policy: string; usesNonce: boolean } {
  const usesNonce = matchesPrefix(options.pathname, DYNAMIC_PAGE_PREFIXES);
  const scriptSource = usesNonce
    ? `'self' 'nonce-${options.nonce}' 'strict-dynamic'`
    : "'self' 'unsafe-inline'";
  const connect = ["'self'", options.authorityOrigin].filter(Boolean).join(" ");
  const frameAncestors = isRedirectBridgePath(options.pathname)
    ? "'self'"
    : "'none'";

  const directives = [
    "default-src 'self'",
    `script-src ${scriptSource}${options.development ? " 'unsafe-eval'" : ""}`,
    // React and Tailwind set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    // MSAL's hidden renewal iframe loads the authority, then the bridge page.
    `frame-src 'self' ${options.authorityOrigin ?? ""}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ];
  return { policy: directives.join("; "), usesNonce };
}
