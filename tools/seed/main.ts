// npm run seed -- [--profiles 3000] [--days 30] [--operations-per-day 40]
//   [--tenant-id ID] [--second-tenant-id ID]
// Seeds the store chosen by the environment (STORE, SQLITE_PATH, ...).

import { parseArgs } from "node:util";

import pino from "pino";
import { z } from "zod";

import { closeStore, getStore } from "@/lib/store";

import { CONTOSO, FABRIKAM } from "../oidc-provider/demo-directory";
import { seedDemoData } from "./seed-demo";

const log = pino({ name: "seed" });

const argumentsSchema = z.object({
  profiles: z.coerce.number().int().min(0).max(5_000_000).default(3000),
  days: z.coerce.number().int().min(0).max(3650).default(30),
  "operations-per-day": z.coerce.number().int().min(0).max(100_000).default(40),
  "tenant-id": z.string().min(1).default(CONTOSO.id),
  "second-tenant-id": z.string().min(1).default(FABRIKAM.id),
  "second-profiles": z.coerce.number().int().min(0).max(100_000).default(25),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profiles: { type: "string" },
      days: { type: "string" },
      "operations-per-day": { type: "string" },
      "tenant-id": { type: "string" },
      "second-tenant-id": { type: "string" },
      "second-profiles": { type: "string" },
    },
    strict: true,
  });
  const parsed = argumentsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid option --${String(issue?.path[0])}: ${issue?.message}. ` +
        "Example: npm run seed -- --profiles 3000 --days 30",
    );
  }
  const options = parsed.data;

  const started = Date.now();
  const store = await getStore();
  log.info(
    { store: store.kind, profiles: options.profiles, days: options.days },
    "seeding started",
  );
  const summary = await seedDemoData(store, {
    tenantId: options["tenant-id"],
    organizationId: CONTOSO.organizationId,
    organizationName: CONTOSO.organizationName,
    profiles: options.profiles,
    days: options.days,
    operationsPerDay: options["operations-per-day"],
    second: {
      tenantId: options["second-tenant-id"],
      organizationId: FABRIKAM.organizationId,
      organizationName: FABRIKAM.organizationName,
      profiles: options["second-profiles"],
    },
    now: Date.now(),
    onProgress: (message) => log.info({ progress: message }, "seeding"),
  });
  await closeStore();
  log.info(
    {
      ...summary,
      durationMs: Date.now() - started,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    "seeding finished",
  );
}

main().catch((error: unknown) => {
  log.error({ err: error }, "seeding failed");
  process.exitCode = 1;
});
