import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getAuthConfig } from "@/lib/config/auth-env";
import { AUTH_ACTIONS, recordAuthEvent } from "@/lib/auth/auth-audit";
import { TokenRejectedError } from "@/lib/auth/errors";
import {
  denyRequest,
  getRequestMetadata,
  readSession,
} from "@/lib/auth/guards";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sealSession,
  sessionCookieOptions,
} from "@/lib/auth/session-cookie";
import { startSession } from "@/lib/auth/sign-in";

const NO_STORE = { "Cache-Control": "no-store" };

const bodySchema = z.object({
  accessToken: z
    .string()
    .min(16)
    .max(16_384)
    .regex(/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/),
});

function errorResponse(status: number, code: string, message: string) {
  return NextResponse.json({ code, message }, { status, headers: NO_STORE });
}

async function rejectForeignOrigin(request: NextRequest) {
  const metadata = await getRequestMetadata();
  if (isSameOriginRequest(request.headers, metadata.origin)) return null;
  const error = await denyRequest("foreign_origin", { target: "/api/session" });
  return errorResponse(403, error.reason, error.message);
}

/** Starts a session from an access token for the portal's API scope. */
export async function POST(request: NextRequest) {
  const rejection = await rejectForeignOrigin(request);
  if (rejection) return rejection;

  // Browsers send a cross-site application/json POST only after a CORS
  // preflight, which this route never grants: a second guard beside Origin.
  const mediaType = request.headers.get("content-type")?.split(";")[0];
  if (mediaType?.trim().toLowerCase() !== "application/json") {
    return errorResponse(
      415,
      "unsupported_media_type",
      "Send the body as application/json.",
    );
  }

  const body = bodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    return errorResponse(
      400,
      "invalid_body",
      'Send a JSON body {"accessToken": "<JWT>"}.',
    );
  }

  const config = getAuthConfig();
  const metadata = await getRequestMetadata();
  try {
    const session = await startSession(body.data.accessToken, config, metadata);
    const cookie = sessionCookieOptions(
      metadata.secure,
      session.expiresAt - Math.floor(Date.now() / 1000),
    );
    const response = NextResponse.json(
      {
        expiresAt: session.expiresAt,
        user: { name: session.name, roles: session.roles },
        organization: {
          id: session.organizationId,
          name: session.organizationName,
        },
      },
      { headers: NO_STORE },
    );
    response.cookies.set({
      ...cookie,
      value: await sealSession(session, config.sessionKey),
    });
    return response;
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      const status =
        error.reason === "no_roles" || error.reason === "unknown_tenant"
          ? 403
          : error.reason === "keys_unavailable"
            ? 503
            : 401;
      return errorResponse(status, error.reason, error.message);
    }
    throw error;
  }
}

/** Ends the session: audits the sign-out and clears the cookie. */
export async function DELETE(request: NextRequest) {
  const rejection = await rejectForeignOrigin(request);
  if (rejection) return rejection;

  const current = await readSession();
  if (current.ok) {
    const { session } = current;
    await recordAuthEvent({
      organizationId: session.organizationId,
      action: AUTH_ACTIONS.signOut,
      outcome: "success",
      actor: { oid: session.oid, name: session.name, roles: session.roles },
      request: await getRequestMetadata(),
    });
  }

  const response = new NextResponse(null, { status: 204, headers: NO_STORE });
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    if (request.cookies.has(name)) {
      response.cookies.set({
        ...sessionCookieOptions(name === SECURE_SESSION_COOKIE, 0),
        name,
        value: "",
      });
    }
  }
  return response;
}

export function GET() {
  return errorResponse(405, "method_not_allowed", "Use POST or DELETE.");
}
