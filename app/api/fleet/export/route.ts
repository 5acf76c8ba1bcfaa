import type { NextRequest } from "next/server";

import { getRequestMetadata, requireRole } from "@/lib/auth/guards";
import { fleetCsvFileName } from "@/lib/fleet/fleet-csv";
import { exportFleetCsv } from "@/lib/fleet/fleet-export";
import { parseFleetSearchParams } from "@/lib/fleet/fleet-search-params";
import { authorizationResponse, jsonError } from "@/lib/fleet/route-errors";

export const dynamic = "force-dynamic";

/** CSV of the fleet view named by the query string (same as /fleet). */
export async function GET(request: NextRequest) {
  let session;
  try {
    session = await requireRole("fleet.read");
  } catch (error) {
    return authorizationResponse(error);
  }

  // Unlike the page, an export does not fall back to defaults: a filter
  // that was silently dropped would export more rows than the user meant.
  const { view, notices } = parseFleetSearchParams(request.nextUrl.searchParams);
  if (notices.length > 0) {
    return jsonError(400, "invalid_parameters", notices.join(" "));
  }

  const body = await exportFleetCsv(
    session,
    await getRequestMetadata(),
    view,
    request.signal,
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fleetCsvFileName(new Date())}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
