import { loadStoreConfig } from "@/lib/config/env";
import { createStoreFromConfig } from "@/lib/store";
import type { DemoTenant } from "../oidc-provider/demo-directory";

/**
 * Creates or updates the organization of each demo tenant in the store the
 * portal will open with `env`, keeping an existing `createdAt`.
 */
export async function upsertDemoOrganizations(
  tenants: DemoTenant[],
  env: Record<string, string | undefined>,
): Promise<void> {
  const store = await createStoreFromConfig(loadStoreConfig(env));
  try {
    for (const tenant of tenants) {
      const existing = await store.organizations.get(tenant.organizationId);
      await store.organizations.upsert({
        id: tenant.organizationId,
        name: tenant.organizationName,
        tenantIds: [tenant.id],
        createdAt: existing?.createdAt ?? new Date().toISOString(),
      });
    }
  } finally {
    await store.close();
  }
}
