// Seeding of the demo data by the local stack: once, on the first run, when
// the demo organization has no profiles yet.
import { loadStoreConfig } from "@/lib/config/env";
import { createStoreFromConfig } from "@/lib/store";
import { CONTOSO, FABRIKAM } from "../oidc-provider/demo-directory";
import { seedDemoData, type SeedSummary } from "../seed/seed-demo";

/** Profiles of the second demo organization, as `npm run seed` writes them. */
const SECOND_ORGANIZATION_PROFILES = 25;
/** Operations per day of seeded history, as `npm run seed` writes them. */
const OPERATIONS_PER_DAY = 40;

/**
 * Seeds both demo organizations unless the first already has profiles.
 * Returns what was written, or null when it already had data.
 */
export async function seedDemoOrganizationOnce(options: {
  /** Environment the store settings (SQLITE_PATH, ...) are read from. */
  env: Record<string, string | undefined>;
  profiles: number;
  days: number;
  log: (line: string) => void;
}): Promise<SeedSummary | null> {
  const store = await createStoreFromConfig(loadStoreConfig(options.env));
  try {
    if ((await store.profiles.count(CONTOSO.organizationId)) > 0) return null;
    options.log(
      `Seeding the demo organizations (first run): ${options.profiles} profiles, ${options.days} days of history.\n`,
    );
    return await seedDemoData(store, {
      tenantId: CONTOSO.id,
      organizationId: CONTOSO.organizationId,
      organizationName: CONTOSO.organizationName,
      profiles: options.profiles,
      days: options.days,
      operationsPerDay: OPERATIONS_PER_DAY,
      second: {
        tenantId: FABRIKAM.id,
        organizationId: FABRIKAM.organizationId,
        organizationName: FABRIKAM.organizationName,
        profiles: SECOND_ORGANIZATION_PROFILES,
      },
      now: Date.now(),
      onProgress: (message) => options.log(`Seeding: ${message}\n`),
    });
  } finally {
    await store.close();
  }
}
