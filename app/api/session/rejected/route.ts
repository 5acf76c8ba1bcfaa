import { NextResponse, type NextRequest } from "next/server";
import { denyRequest, readSession } from "@/lib/auth/guards";
import {
  PROXY_REJECTION_REASONS,
  REJECTION_REASON_HEADER,
  REJECTED_PATH_HEADER,
  type ProxyRejectionReason,
} from "@/lib/auth/proxy-rejection";

// proxy.ts rewrites rejected requests here, because Next.js rejects a server
// action with a foreign Origin before any application code could audit it.
// proxy.ts strips the reason header from every other request, so a direct
// call to this route gets 404.

function isRejectionReason(
  value: string | null,
): value is ProxyRejectionReason {
  return PROXY_REJECTION_REASONS.includes(value as ProxyRejectionReason);
}

async function rejectRequest(request: NextRequest) {
  const reason = request.headers.get(REJECTION_REASON_HEADER);
  if (!isRejectionReason(reason)) {
    return new NextResponse("Not found.", { status: 404 });
  }
  const current = await readSession();
  const error = await denyRequest(reason, {
    session: current.ok ? current.session : null,
    target: request.headers.get(REJECTED_PATH_HEADER)?.slice(0, 512) ?? null,
  });
  return NextResponse.json(
    { code: error.reason, message: error.message },
    { status: error.status, headers: { "Cache-Control": "no-store" } },
  );
}

export const GET = rejectRequest;
export const POST = rejectRequest;
export const PUT = rejectRequest;
export const PATCH = rejectRequest;
export const DELETE = rejectRequest;
