import { NextResponse, type NextRequest } from "next/server";
import {
  buildContentSecurityPolicy,
  isSignedInPath,
} from "@/lib/auth/content-security-policy";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import {
  REJECTION_PATH,
  REJECTION_REASON_HEADER,
  REJECTED_PATH_HEADER,
  type ProxyRejectionReason,
} from "@/lib/auth/proxy-rejection";
import { readRequestMetadata } from "@/lib/auth/request-metadata";
import { PATH_HEADER } from "@/lib/auth/return-path";
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
} from "@/lib/auth/session-cookie";

// Redirects and headers only. Every page, route handler and server action
// checks the session itself (lib/auth/guards.ts), so nothing depends on
// this file running.

function authorityOrigin(): string | null {
  try {
    return process.env.AUTH_AUTHORITY
      ? new URL(process.env.AUTH_AUTHORITY).origin
      : null;
  } catch {
    return null;
  }
}

function isHttps(request: NextRequest): boolean {
  if (request.nextUrl.protocol === "https:") return true;
  return (
    process.env.TRUST_PROXY === "true" &&
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/** Hands a rejected request to the route that audits it and answers 4xx. */
function rejectRequest(request: NextRequest, reason: ProxyRejectionReason) {
  const headers = new Headers(request.headers);
  headers.delete("x-middleware-subrequest");
  headers.set(REJECTION_REASON_HEADER, reason);
  headers.set(REJECTED_PATH_HEADER, request.nextUrl.pathname);
  return NextResponse.rewrite(new URL(REJECTION_PATH, request.url), {
    request: { headers },
  });
}

export function proxy(request: NextRequest) {
  // Internal header of Next.js; a client sending it tries to skip proxies.
  if (request.headers.has("x-middleware-subrequest")) {
    return rejectRequest(request, "proxy_bypass");
  }

  // Next.js itself rejects such a server action, but before it could be
  // audited; lib/auth/action.ts checks again without relying on this.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const { origin } = readRequestMetadata(request.headers, {
      trustProxy: process.env.TRUST_PROXY === "true",
      portalOrigin: process.env.PORTAL_ORIGIN || null,
    });
    if (!isSameOriginRequest(request.headers, origin)) {
      return rejectRequest(request, "foreign_origin");
    }
  }

  const { pathname, search } = request.nextUrl;
  const navigation = request.method === "GET" || request.method === "HEAD";
  const hasSessionCookie =
    request.cookies.has(SECURE_SESSION_COOKIE) ||
    request.cookies.has(SESSION_COOKIE);
  if (navigation && isSignedInPath(pathname) && !hasSessionCookie) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?returnTo=${encodeURIComponent(`${pathname}${search}`)}`;
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const { policy, usesNonce } = buildContentSecurityPolicy({
    pathname,
    nonce,
    authorityOrigin: authorityOrigin(),
    development: process.env.NODE_ENV === "development",
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(REJECTION_REASON_HEADER);
  requestHeaders.set(PATH_HEADER, `${pathname}${search}`);
  if (usesNonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", policy);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (isHttps(request)) {
    response.headers.set(
      "Strict-Transport-Security",
      "max-age=63072000; includeSubDomains",
    );
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
