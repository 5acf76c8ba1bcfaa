import type { Container } from "@azure/cosmos";

import { VersionConflictError } from "../errors";
import type { CarrierRepository } from "../repositories";
import type { CarrierRecord } from "../types";
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import {
  queryAll,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";
import { withoutVersion } from "../without-version";

function toCarrier(document: Stored<CarrierRecord>): CarrierRecord {
  return { ...stripDocument<CarrierRecord>(document), version: document._etag };
}

export class CosmosCarrierRepository implements CarrierRepository {
  constructor(private readonly container: Container) {}

  async get(
    organizationId: string,
    carrierId: string,
  ): Promise<CarrierRecord | null> {
    const document = await readDocument<CarrierRecord>(
      this.container,
      carrierId,
      organizationId,
    );
    return document ? toCarrier(document) : null;
  }

  async list(organizationId: string): Promise<CarrierRecord[]> {
    const documents = await queryAll<Stored<CarrierRecord>>(
      this.container,
      {
        query: "SELECT * FROM c WHERE c.organizationId = @organizationId",
        parameters: [{ name: "@organizationId", value: organizationId }],
      },
      organizationId,
    );
    return documents.map(toCarrier).sort((a, b) => a.id.localeCompare(b.id));
  }

  async upsert(
    carrier: CarrierRecord,
    options: { ifVersion?: string } = {},
  ): Promise<CarrierRecord> {
    const document = withoutVersion(carrier);
    try {
      const response = await cosmosCall(() =>
        options.ifVersion === undefined
          ? this.container.items.upsert(document)
          : this.container
              .item(carrier.id, carrier.organizationId)
              .replace(document, {
                accessCondition: {
                  type: "IfMatch",
                  condition: options.ifVersion,
                },
              }),
      );
      return toCarrier(response.resource as unknown as Stored<CarrierRecord>);
    } catch (error) {
      if (
        options.ifVersion !== undefined &&
        (isPreconditionFailed(error) || isConflict(error))
      ) {
        throw new VersionConflictError(
          "carrier",
          carrier.id,
          options.ifVersion,
        );
      }
      throw error;
    }
  }
}
