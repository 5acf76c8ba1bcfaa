import type { Container } from "@azure/cosmos";

import type { OrganizationRepository } from "../repositories";
import type { Organization } from "../types";
import { cosmosCall } from "./cosmos-errors";
import {
  queryAll,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";

export class CosmosOrganizationRepository implements OrganizationRepository {
  constructor(private readonly container: Container) {}

  async get(organizationId: string): Promise<Organization | null> {
    const document = await readDocument<Organization>(
      this.container,
      organizationId,
      organizationId,
    );
    return document ? stripDocument<Organization>(document) : null;
  }

  async getByTenantId(tenantId: string): Promise<Organization | null> {
    // Cross-partition, over a handful of organization documents.
    const [document] = await queryAll<Stored<Organization>>(this.container, {
      query: "SELECT * FROM c WHERE ARRAY_CONTAINS(c.tenantIds, @tenantId)",
      parameters: [{ name: "@tenantId", value: tenantId }],
    });
    return document ? stripDocument<Organization>(document) : null;
  }

  async upsert(organization: Organization): Promise<Organization> {
    const response = await cosmosCall(() =>
      this.container.items.upsert({ ...organization }),
    );
    return stripDocument<Organization>(
      response.resource as unknown as Record<string, unknown>,
    );
  }

  async list(): Promise<Organization[]> {
    const documents = await queryAll<Stored<Organization>>(this.container, {
      query: "SELECT * FROM c",
    });
    return documents
      .map((document) => stripDocument<Organization>(document))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
