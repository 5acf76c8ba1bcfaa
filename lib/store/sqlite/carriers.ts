import { VersionConflictError } from "../errors";
import type { CarrierRepository } from "../repositories";
import type { CarrierRecord } from "../types";
import type { SqliteContext } from "./context";
import { withoutVersion } from "../without-version";

interface CarrierRow {
  record: string;
  version: number;
}

function toCarrier(row: CarrierRow): CarrierRecord {
  return {
    ...(JSON.parse(row.record) as CarrierRecord),
    version: String(row.version),
  };
}

export class SqliteCarrierRepository implements CarrierRepository {
  constructor(private readonly context: SqliteContext) {}

  async get(
    organizationId: string,
    carrierId: string,
  ): Promise<CarrierRecord | null> {
    const row = this.context
      .statement(
        `SELECT record, version FROM carriers WHERE organization_id = ? AND id = ?`,
      )
      .get(organizationId, carrierId) as CarrierRow | undefined;
    return row ? toCarrier(row) : null;
  }

  async list(organizationId: string): Promise<CarrierRecord[]> {
    const rows = this.context
      .statement(
        `SELECT record, version FROM carriers WHERE organization_id = ? ORDER BY id`,
      )
      .all(organizationId) as CarrierRow[];
    return rows.map(toCarrier);
  }

  async upsert(
    carrier: CarrierRecord,
    options: { ifVersion?: string } = {},
  ): Promise<CarrierRecord> {
    return this.context.immediate(() => {
      const current = this.context
        .statement(
          `SELECT version FROM carriers WHERE organization_id = ? AND id = ?`,
        )
        .get(carrier.organizationId, carrier.id) as
        { version: number } | undefined;
      if (
        options.ifVersion !== undefined &&
        String(current?.version) !== options.ifVersion
      ) {
        throw new VersionConflictError(
          "carrier",
          carrier.id,
          options.ifVersion,
        );
      }
      const version = (current?.version ?? 0) + 1;
      const record = withoutVersion(carrier);
      this.context
        .statement(
          `INSERT INTO carriers (organization_id, id, record, version) VALUES (?, ?, ?, ?)
         ON CONFLICT (organization_id, id) DO UPDATE SET record = excluded.record,
           version = excluded.version`,
        )
        .run(
          carrier.organizationId,
          carrier.id,
          JSON.stringify(record),
          version,
        );
      return { ...carrier, version: String(version) };
    });
  }
}
