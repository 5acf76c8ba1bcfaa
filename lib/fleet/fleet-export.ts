import "server-only";

import { randomUUID } from "node:crypto";
import { Readable, type Writable } from "node:stream";

import { stringify } from "csv-stringify";
import pino from "pino";

import type { RequestMetadata } from "@/lib/auth/request-metadata";
import type { Session } from "@/lib/auth/session-cookie";
import { getStore } from "@/lib/store";

import { fleetCsvRecord, fleetCsvStringifyColumns } from "./fleet-csv";
import {
  fleetFilterOf,
  fleetQueryOf,
  firstPageView,
  type FleetView,
} from "./fleet-search-params";

const logger = pino({ name: "fleet-export" });

/** Rows read from the store per query while streaming an export. */
export const EXPORT_PAGE_SIZE = 500;

/** Resolves when `stream` can take more data, or has been closed. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
  });
}

/**
 * Records the export in the audit chain ("fleet.export", with the filter,
 * sort and number of rows), then returns the CSV of every profile that
 * matches the view, in the view's order, as a stream read page by page.
 * Paging parameters of the view are ignored: the export starts at the
 * first row.
 *
 * @throws when the audit entry cannot be written, so no export goes
 *   unrecorded
 */
export async function exportFleetCsv(
  session: Session,
  request: RequestMetadata,
  requestedView: FleetView,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const view = firstPageView(requestedView);
  const store = await getStore();
  const organizationId = session.organizationId;
  const filter = fleetFilterOf(view);
  const correlationId = randomUUID();
  const rows = await store.profiles.count(organizationId, filter);

  await store.audit.append({
    organizationId,
    time: new Date().toISOString(),
    actor: { oid: session.oid, name: session.name, roles: session.roles },
    sourceIp: request.sourceIp,
    userAgent: request.userAgent,
    action: "fleet.export",
    target: "fleet",
    outcome: "success",
    after: {
      format: "csv",
      filter,
      sort: view.sort,
      direction: view.direction,
      rows,
    },
    correlationId,
  });

  const csv = stringify({
    header: true,
    columns: fleetCsvStringifyColumns(),
    record_delimiter: "windows",
  });

  void (async () => {
    let cursor: string | null = null;
    let written = 0;
    try {
      do {
        const page = await store.profiles.queryFleet(organizationId, {
          ...fleetQueryOf(view),
          limit: EXPORT_PAGE_SIZE,
          cursor,
        });
        for (const profile of page.items) {
          if (signal.aborted || csv.destroyed) return;
          written += 1;
          if (!csv.write(fleetCsvRecord(profile))) await drained(csv);
        }
        cursor = page.nextCursor;
      } while (cursor !== null && !signal.aborted);
      csv.end();
      logger.info({ organizationId, correlationId, rows: written }, "fleet export finished");
    } catch (error) {
      logger.error(
        { err: error, organizationId, correlationId, rows: written },
        "fleet export failed mid-stream",
      );
      csv.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();

  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
