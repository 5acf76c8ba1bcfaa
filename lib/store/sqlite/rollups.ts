import { normalizeTimestamp, truncateToHour } from "../record-input";
import type { RollupRepository } from "../repositories";
import { applyRollupIncrement } from "../rollup-update";
import type { Rollup, RollupIncrement, RollupQuery } from "../types";
import type { SqliteContext } from "./context";

export class SqliteRollupRepository implements RollupRepository {
  constructor(private readonly context: SqliteContext) {}

  incrementSync(increment: RollupIncrement): void {
    const hour = truncateToHour(increment.time);
    const row = this.context
      .statement(
        `SELECT record FROM rollups
         WHERE organization_id = ? AND hour = ? AND carrier_id = ?`,
      )
      .get(increment.organizationId, hour, increment.carrierId) as
      { record: string } | undefined;
    const next = applyRollupIncrement(
      row ? (JSON.parse(row.record) as Rollup) : null,
      increment,
    );
    this.context
      .statement(
        `INSERT INTO rollups (organization_id, carrier_id, hour, record) VALUES (?, ?, ?, ?)
       ON CONFLICT (organization_id, hour, carrier_id) DO UPDATE SET record = excluded.record`,
      )
      .run(
        increment.organizationId,
        increment.carrierId,
        hour,
        JSON.stringify(next),
      );
  }

  async increment(increment: RollupIncrement): Promise<void> {
    this.context.immediate(() => this.incrementSync(increment));
  }

  async query(organizationId: string, query: RollupQuery): Promise<Rollup[]> {
    const params: unknown[] = [
      organizationId,
      normalizeTimestamp(query.from, "from"),
      normalizeTimestamp(query.to, "to"),
    ];
    let carrier = "";
    if (query.carrierId !== undefined) {
      carrier = " AND carrier_id = ?";
      params.push(query.carrierId);
    }
    const rows = this.context
      .statement(
        `SELECT record FROM rollups
         WHERE organization_id = ? AND hour >= ? AND hour < ?${carrier}
         ORDER BY hour, carrier_id`,
      )
      .all(...params) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as Rollup);
  }
}
