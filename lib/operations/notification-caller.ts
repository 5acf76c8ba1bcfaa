// Who is calling the notification endpoint: the client certificate of the
// carrier's SM-DP+, read from our own TLS server or forwarded by the ingress.
//
// Trust model. The Next.js route has no access to the TLS connection, so it
// learns the client certificate only from a header. The TLS terminator
// (ingress, Azure Container Apps, nginx, Envoy, or our local HTTPS front)
// adds that header after it verified the certificate. Anyone can send such a header, so
// the route trusts it only when the same request carries a shared secret
// that only the ingress knows (ES2_NOTIFICATION_PROXY_SECRET), compared in
// constant time. The ingress must strip both headers from incoming
// requests. Without both settings the route refuses every notification.
// As defence in depth the forwarded certificate is parsed, its validity
// dates are checked, and when the carrier configuration names the issuing
// CA its signature is verified against that CA.
import { createHash, timingSafeEqual, X509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";

import type { ClientCertificateIdentity } from "@/lib/smdp/carrier-registry";

export interface ForwardedCertificateTrust {
  /** Header with the certificate, lower case, e.g. "x-forwarded-client-cert". */
  certificateHeader: string;
  /** Header with the shared secret, lower case. */
  secretHeader: string;
  secret: string;
}

export const DEFAULT_PROXY_SECRET_HEADER = "x-nexora-proxy-secret";

/** Minimum length of the shared secret: 32 characters of random base64. */
const MIN_SECRET_LENGTH = 32;

/**
 * Read the forwarding trust from the environment:
 * ES2_NOTIFICATION_CERT_HEADER (for example X-Forwarded-Client-Cert),
 * ES2_NOTIFICATION_PROXY_SECRET (at least 32 characters) and optionally
 * ES2_NOTIFICATION_PROXY_SECRET_HEADER (default X-Nexora-Proxy-Secret).
 * Returns null, so that the endpoint refuses, unless both are set.
 */
export function loadForwardedCertificateTrust(
  env: Record<string, string | undefined> = process.env,
): ForwardedCertificateTrust | null {
  const certificateHeader =
    env.ES2_NOTIFICATION_CERT_HEADER?.trim().toLowerCase();
  const secret = env.ES2_NOTIFICATION_PROXY_SECRET?.trim();
  if (!certificateHeader || !secret || secret.length < MIN_SECRET_LENGTH)
    return null;
  return {
    certificateHeader,
    secretHeader:
      env.ES2_NOTIFICATION_PROXY_SECRET_HEADER?.trim().toLowerCase() ||
      DEFAULT_PROXY_SECRET_HEADER,
    secret,
  };
}

export type CallerResult =
  | { ok: true; identity: ClientCertificateIdentity }
  | { ok: false; status: 401 | 403; message: string };

function commonNameOf(subject: string): string | null {
  for (const line of subject.split(/\n|,\s*/)) {
    const match = /^\s*CN=(.+)$/.exec(line);
    if (match?.[1] !== undefined) return match[1].trim().replace(/^"|"$/g, "");
  }
  return null;
}

/** Identity of a parsed certificate; null when outside its validity dates. */
export function identityOfCertificate(
  certificate: X509Certificate,
  now: Date = new Date(),
): ClientCertificateIdentity | null {
  const time = now.getTime();
  if (
    time < Date.parse(certificate.validFrom) ||
    time > Date.parse(certificate.validTo)
  ) {
    return null;
  }
  return {
    commonName: commonNameOf(certificate.subject),
    fingerprint256: certificate.fingerprint256,
    certificate,
  };
}

/** Identity of the peer certificate of a verified TLS connection. */
export function identityOfPeerCertificate(
  peer: PeerCertificate,
): ClientCertificateIdentity | null {
  if (peer.raw === undefined) return null;
  return identityOfCertificate(new X509Certificate(peer.raw));
}

function certificateFromText(text: string): X509Certificate | null {
  const value = text.trim();
  try {
    if (value.includes("-----BEGIN")) return new X509Certificate(value);
    // Base64 DER without PEM armour, as some ingresses forward it.
    if (/^[A-Za-z0-9+/=\s]+$/.test(value)) {
      return new X509Certificate(
        Buffer.from(value.replace(/\s+/g, ""), "base64"),
      );
    }
  } catch {
    return null;
  }
  return null;
}

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Parse a forwarded client certificate header. Accepted forms: a PEM
 * certificate, URL-encoded (nginx `$ssl_client_escaped_cert`) or not;
 * base64 DER; and Envoy's X-Forwarded-Client-Cert
 * (`Hash=<sha256 hex>;Cert="<url-encoded PEM>";Subject="CN=..."`), of
 * which the first element (the client closest to the ingress) counts.
 */
export function parseForwardedCertificate(
  value: string,
): ClientCertificateIdentity | null {
  const first = value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? "";
  if (/(^|;)\s*(Hash|Cert|Subject)=/i.test(first)) {
    const fields = new Map<string, string>();
    for (const match of first.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
      const key = match[1]?.toLowerCase() ?? "";
      const raw = (match[2] ?? "").replace(/^"|"$/g, "");
      fields.set(key, raw);
    }
    const cert = fields.get("cert");
    if (cert !== undefined) {
      const parsed = certificateFromText(decodeOnce(cert));
      return parsed === null ? null : identityOfCertificate(parsed);
    }
    const hash = fields.get("hash");
    const subject = fields.get("subject");
    if (hash === undefined || !/^[0-9a-f]{64}$/i.test(hash)) return null;
    return {
      commonName:
        subject === undefined ? null : commonNameOf(decodeOnce(subject)),
      fingerprint256: hash.toUpperCase().match(/.{2}/g)?.join(":") ?? null,
    };
  }
  const parsed = certificateFromText(decodeOnce(first));
  return parsed === null ? null : identityOfCertificate(parsed);
}

function secretMatches(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires.
  const left = createHash("sha256").update(given).digest();
  const right = createHash("sha256").update(expected).digest();
  return timingSafeEqual(left, right);
}

/**
 * Identify the caller from forwarded headers.
 *
 * @param headers request headers, for example `request.headers` of a route
 * @param trust from {@link loadForwardedCertificateTrust}; null refuses
 */
export function callerFromForwardedHeaders(
  headers: Headers,
  trust: ForwardedCertificateTrust | null,
): CallerResult {
  if (trust === null) {
    return {
      ok: false,
      status: 403,
      message:
        "Client certificate forwarding is not configured: set " +
        "ES2_NOTIFICATION_CERT_HEADER and ES2_NOTIFICATION_PROXY_SECRET.",
    };
  }
  const secret = headers.get(trust.secretHeader);
  if (secret === null || !secretMatches(secret, trust.secret)) {
    return {
      ok: false,
      status: 403,
      message: "The request did not come through the trusted ingress.",
    };
  }
  const forwarded = headers.get(trust.certificateHeader);
  if (forwarded === null || forwarded.trim() === "") {
    return {
      ok: false,
      status: 401,
      message: "No client certificate was presented.",
    };
  }
  const identity = parseForwardedCertificate(forwarded);
  if (identity === null) {
    return {
      ok: false,
      status: 401,
      message:
        "The forwarded client certificate is unreadable or outside its validity dates.",
    };
  }
  return { ok: true, identity };
}
