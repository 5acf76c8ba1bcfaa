// One HTTPS POST over a per-carrier mutual-TLS agent, reduced to what the
// ES2+ client classifies: a response, a timeout, or an unreachable peer.
import https from "node:https";
import { ADMIN_PROTOCOL } from "./es2plus-types";

/** Largest response body read; an SM-DP+ response is a few hundred bytes. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface CarrierTls {
  /** PEM of the CA that issued the carrier's server certificate. */
  ca: string | Buffer;
  /** PEM of the portal's client certificate for this carrier. */
  cert: string | Buffer;
  /** PEM of the private key of `cert`. */
  key: string | Buffer;
}

export type TransportResult =
  | {
      kind: "response";
      httpStatus: number;
      contentType: string | null;
      adminProtocol: string | null;
      body: string;
      truncated: boolean;
    }
  | { kind: "timeout" }
  | { kind: "unreachable"; cause: string };

/**
 * Create the keep-alive agent of one carrier: TLS 1.2 or later, the
 * carrier's CA as the only trust anchor, and the portal's client
 * certificate.
 */
export function createCarrierAgent(tls: CarrierTls): https.Agent {
  return new https.Agent({
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    minVersion: "TLSv1.2",
    keepAlive: true,
    keepAliveMsecs: 1_000,
  });
}

// Certificate verification errors reported by OpenSSL through Node.
const CERTIFICATE_ERROR_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * Describe a socket or TLS error as the `cause` of an unreachable outcome,
 * for example "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9" or
 * "TLS handshake failure: ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: ...". A server
 * that closes the connection during the handshake, as a Node server does
 * under TLS 1.2 when it rejects the client certificate, also counts as a
 * TLS failure because Node names TLS in that error's message.
 * NOTE: a TLS 1.3 server that rejects the certificate by closing the
 * connection without an alert shows up as "ECONNRESET: socket hang up".
 */
export function describeConnectionError(error: unknown): string {
  const details = error as { code?: unknown; message?: unknown };
  const code = typeof details.code === "string" ? details.code : "";
  const message =
    typeof details.message === "string" ? details.message : String(error);

  const isTls =
    CERTIFICATE_ERROR_CODES.has(code) ||
    code.startsWith("ERR_SSL_") ||
    code.startsWith("ERR_TLS_") ||
    /\b(ssl|tls|certificate|handshake)\b/i.test(message);
  const detail = code === "" ? message : `${code}: ${message}`;
  return isTls ? `TLS handshake failure: ${detail}` : detail;
}

/**
 * POST `body` as JSON to `url` and resolve with what came back. Never
 * rejects: socket and TLS errors resolve as `unreachable`, and a response
 * not complete within `timeoutMs` (connect, send and read) as `timeout`.
 */
export function postJson(options: {
  agent: https.Agent;
  url: URL;
  body: string;
  timeoutMs: number;
}): Promise<TransportResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: TransportResult) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };

    const request = https.request(options.url, {
      method: "POST",
      agent: options.agent,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-Admin-Protocol": ADMIN_PROTOCOL,
        "Content-Length": Buffer.byteLength(options.body),
      },
    });

    const timer = setTimeout(() => {
      finish({ kind: "timeout" });
      request.destroy();
    }, options.timeoutMs);

    request.on("error", (error) => {
      finish({ kind: "unreachable", cause: describeConnectionError(error) });
    });

    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      };
      const complete = () =>
        finish({
          kind: "response",
          httpStatus: response.statusCode ?? 0,
          contentType: header("content-type"),
          adminProtocol: header("x-admin-protocol"),
          body: Buffer.concat(chunks).toString("utf8"),
          truncated,
        });

      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          truncated = true;
          complete();
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", complete);
      response.on("error", (error) => {
        finish({ kind: "unreachable", cause: describeConnectionError(error) });
      });
    });

    request.end(options.body);
  });
}
