import { requireRole } from "@/lib/auth/guards";
import { operationViewOf } from "@/lib/fleet/operation-view";
import { authorizationResponse, jsonError } from "@/lib/fleet/route-errors";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const OPERATION_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Status of one operation of the caller's organization, for polling while
 * it runs. Another organization's operation is "not found", exactly like
 * an id that does not exist.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
) {
  let session;
  try {
    session = await requireRole("fleet.read");
  } catch (error) {
    return authorizationResponse(error);
  }

  const { id } = await params;
  if (!OPERATION_ID.test(id)) {
    return jsonError(400, "invalid_operation_id", "The operation id is invalid.");
  }

  const store = await getStore();
  const operation = await store.operations.get(session.organizationId, id);
  if (!operation) {
    return jsonError(
      404,
      "operation_not_found",
      `Operation "${id}" was not found in your organization.`,
    );
  }
  return Response.json(operationViewOf(operation), {
    headers: { "Cache-Control": "no-store" },
  });
}
