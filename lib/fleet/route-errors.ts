import "server-only";

import { AuthorizationError } from "@/lib/auth/errors";

/** JSON body of every refusal or failure of the fleet route handlers. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

/**
 * Turns a refused guard into a 401 or 403 response; any other error is
 * raised again for the caller to handle.
 */
export function authorizationResponse(error: unknown): Response {
  if (error instanceof AuthorizationError) {
    return jsonError(error.status, error.reason, error.message);
  }
  throw error;
}
