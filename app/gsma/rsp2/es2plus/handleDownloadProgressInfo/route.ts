// ES2+ HandleDownloadProgressInfo, called by carriers' SM-DP+s. The caller
// is authenticated by its client certificate as forwarded by the ingress,
// with the trust model described in lib/operations/notification-caller.ts.
// Carrier callers have no session, so this route does not use the portal's
// session guards.
import pino from "pino";

import {
  callerFromForwardedHeaders,
  loadForwardedCertificateTrust,
} from "@/lib/operations/notification-caller";
import {
  handleDownloadProgressNotification,
  MAX_NOTIFICATION_BYTES,
} from "@/lib/operations/notification-handler";
import { getCarrierRegistry } from "@/lib/smdp/carrier-registry";
import { getStore } from "@/lib/store";

export const runtime = "nodejs";

const logger = pino({ name: "es2plus-notifications" });

function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || null;
}

export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const rawBody =
    declared > MAX_NOTIFICATION_BYTES
      ? "x".repeat(MAX_NOTIFICATION_BYTES + 1)
      : await request.text();
  try {
    const result = await handleDownloadProgressNotification(
      { store: await getStore(), registry: getCarrierRegistry(), logger },
      {
        caller: callerFromForwardedHeaders(
          request.headers,
          loadForwardedCertificateTrust(),
        ),
        rawBody,
        sourceIp: clientIp(request),
        userAgent: request.headers.get("user-agent"),
      },
    );
    return new Response(result.body, {
      status: result.status,
      headers: result.headers,
    });
  } catch (error) {
    // A store or carrier file failure: the SM-DP+ may send the notification again.
    logger.error(
      { error: String(error) },
      "notification could not be processed",
    );
    return Response.json(
      {
        error: {
          code: "INTERNAL",
          message: "The notification could not be stored; send it again later.",
        },
      },
      { status: 500 },
    );
  }
}
