import type { OrganizationRepository } from "../repositories";
import type { Organization } from "../types";
import type { SqliteContext } from "./context";

interface OrganizationRow {
  id: string;
  name: string;
  created_at: string;
}

export class SqliteOrganizationRepository implements OrganizationRepository {
  constructor(private readonly context: SqliteContext) {}

  private toOrganization(row: OrganizationRow): Organization {
    const tenants = this.context
      .statement(
        `SELECT tenant_id FROM organization_tenants WHERE organization_id = ?
         ORDER BY tenant_id`,
      )
      .all(row.id) as { tenant_id: string }[];
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      tenantIds: tenants.map((tenant) => tenant.tenant_id),
    };
  }

  async get(organizationId: string): Promise<Organization | null> {
    const row = this.context
      .statement(`SELECT * FROM organizations WHERE id = ?`)
      .get(organizationId) as OrganizationRow | undefined;
    return row ? this.toOrganization(row) : null;
  }

  async getByTenantId(tenantId: string): Promise<Organization | null> {
    const row = this.context
      .statement(
        `SELECT o.* FROM organizations o
         JOIN organization_tenants t ON t.organization_id = o.id
         WHERE t.tenant_id = ?`,
      )
      .get(tenantId) as OrganizationRow | undefined;
    return row ? this.toOrganization(row) : null;
  }

  async upsert(organization: Organization): Promise<Organization> {
    this.context.immediate(() => {
      this.context
        .statement(
          `INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
        )
        .run(organization.id, organization.name, organization.createdAt);
      this.context
        .statement(`DELETE FROM organization_tenants WHERE organization_id = ?`)
        .run(organization.id);
      // A tenant id moves to this organization if another one listed it.
      const insertTenant = this.context.statement(
        `INSERT INTO organization_tenants (tenant_id, organization_id) VALUES (?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET organization_id = excluded.organization_id`,
      );
      for (const tenantId of organization.tenantIds) {
        insertTenant.run(tenantId, organization.id);
      }
    });
    return (await this.get(organization.id)) as Organization;
  }

  async list(): Promise<Organization[]> {
    const rows = this.context
      .statement(`SELECT * FROM organizations ORDER BY id`)
      .all() as OrganizationRow[];
    return rows.map((row) => this.toOrganization(row));
  }
}
