import type { Container } from "@azure/cosmos";

import { StoreUnavailableError } from "../errors";
import { normalizeTimestamp, truncateToHour } from "../record-input";
import type { RollupRepository } from "../repositories";
import { applyRollupIncrement } from "../rollup-update";
import type { Rollup, RollupIncrement, RollupQuery } from "../types";
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import {
  queryAll,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";

type RollupDocument = Rollup & { id: string };

const MAX_ATTEMPTS = 20;

export class CosmosRollupRepository implements RollupRepository {
  constructor(private readonly container: Container) {}

  /** Read-modify-write with IfMatch, retried when another writer got there first. */
  async increment(increment: RollupIncrement): Promise<void> {
    const hour = truncateToHour(increment.time);
    const id = `${hour}:${increment.carrierId}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await readDocument<RollupDocument>(
        this.container,
        id,
        increment.organizationId,
      );
      const next: RollupDocument = {
        ...applyRollupIncrement(
          current ? stripDocument<Rollup>(current, ["id"]) : null,
          increment,
        ),
        id,
      };
      try {
        await cosmosCall(() =>
          current
            ? this.container.item(id, increment.organizationId).replace(next, {
                accessCondition: { type: "IfMatch", condition: current._etag },
              })
            : this.container.items.create(next),
        );
        return;
      } catch (error) {
        if (!isPreconditionFailed(error) && !isConflict(error)) throw error;
      }
    }
    throw new StoreUnavailableError(
      "cosmos",
      `rollup ${id} kept changing during ${MAX_ATTEMPTS} attempts`,
    );
  }

  async query(organizationId: string, query: RollupQuery): Promise<Rollup[]> {
    const parameters = [
      { name: "@organizationId", value: organizationId },
      { name: "@from", value: normalizeTimestamp(query.from, "from") },
      { name: "@to", value: normalizeTimestamp(query.to, "to") },
    ];
    let carrier = "";
    if (query.carrierId !== undefined) {
      carrier = " AND c.carrierId = @carrierId";
      parameters.push({ name: "@carrierId", value: query.carrierId });
    }
    const documents = await queryAll<Stored<RollupDocument>>(
      this.container,
      {
        query: `SELECT * FROM c WHERE c.organizationId = @organizationId
          AND c.hour >= @from AND c.hour < @to${carrier}
          ORDER BY c.hour ASC, c.carrierId ASC`,
        parameters,
      },
      organizationId,
    );
    return documents.map((document) => stripDocument<Rollup>(document, ["id"]));
  }
}
