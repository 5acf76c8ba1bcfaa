// Local HTTPS front of the notification endpoint. `next start` serves plain
// HTTP locally, but the carrier's identity is its TLS client certificate.
// So the local stack and the tests run this small server instead. It
// requires a client certificate from the carriers' notification CAs, reads
// the identity from the verified connection, and calls the same handler as
// the Next.js route.
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";

import { HANDLE_DOWNLOAD_PROGRESS_INFO_PATH } from "@/lib/smdp/es2plus-types";

import {
  identityOfPeerCertificate,
  type CallerResult,
} from "./notification-caller";
import {
  handleDownloadProgressNotification,
  MAX_NOTIFICATION_BYTES,
  type NotificationDependencies,
} from "./notification-handler";

export interface NotificationHttpsServerOptions extends NotificationDependencies {
  /** Server certificate and key (PEM). */
  cert: string | Buffer;
  key: string | Buffer;
  /** CAs of client certificates; default the registry's notification CAs. */
  clientCa?: (string | Buffer)[];
  /** Loopback by default. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface NotificationHttpsServer {
  /** Full URL of the endpoint, to configure as the SM-DP+'s notificationUrl. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_NOTIFICATION_BYTES) chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(
        size > MAX_NOTIFICATION_BYTES
          ? null
          : Buffer.concat(chunks).toString("utf8"),
      ),
    );
    request.on("error", reject);
  });
}

function callerOf(request: IncomingMessage): CallerResult {
  const socket = request.socket as TLSSocket;
  const peer = socket.getPeerCertificate();
  if (!socket.authorized || peer === null || Object.keys(peer).length === 0) {
    return {
      ok: false,
      status: 401,
      message: "No verified client certificate was presented.",
    };
  }
  const identity = identityOfPeerCertificate(peer);
  return identity === null
    ? {
        ok: false,
        status: 401,
        message: "The client certificate is outside its validity dates.",
      }
    : { ok: true, identity };
}

/** Start the HTTPS front; resolves once it listens. */
export async function startNotificationHttpsServer(
  options: NotificationHttpsServerOptions,
): Promise<NotificationHttpsServer> {
  const clientCa = options.clientCa ?? options.registry.notificationCaPems();
  if (clientCa.length === 0) {
    throw new Error(
      "No CA for carrier client certificates: set notificationCaller.ca in the carrier file or pass clientCa.",
    );
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "https://localhost").pathname;
    if (path !== HANDLE_DOWNLOAD_PROGRESS_INFO_PATH) {
      response
        .writeHead(404, { "Content-Type": "text/plain" })
        .end("Not found");
      return;
    }
    if (request.method !== "POST") {
      response
        .writeHead(405, { Allow: "POST", "Content-Type": "text/plain" })
        .end("Method not allowed");
      return;
    }
    const rawBody = await readBody(request);
    const result = await handleDownloadProgressNotification(options, {
      caller: callerOf(request),
      // An oversized body is rejected by the handler's size check.
      rawBody: rawBody ?? "x".repeat(MAX_NOTIFICATION_BYTES + 1),
      sourceIp: request.socket.remoteAddress ?? null,
      userAgent: request.headers["user-agent"] ?? null,
    });
    response.writeHead(result.status, result.headers);
    response.end(result.body ?? undefined);
  }

  const server = https.createServer(
    {
      cert: options.cert,
      key: options.key,
      ca: clientCa,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
    },
    (request, response) => {
      serve(request, response).catch((error: unknown) => {
        options.logger.error(
          { error: String(error) },
          "notification request failed",
        );
        if (!response.headersSent)
          response.writeHead(500, { "Content-Type": "application/json" });
        response.end(
          JSON.stringify({
            error: {
              code: "INTERNAL",
              message: "The notification could not be stored; send it again.",
            },
          }),
        );
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://localhost:${port}${HANDLE_DOWNLOAD_PROGRESS_INFO_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
