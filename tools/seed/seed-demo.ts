// Writes the demo data set: Contoso Fleet with many profiles and a history
// of operations, audit entries and rollups, plus a small second organization
// for isolation demos.

import { createHash } from "node:crypto";

import type {
  CarrierRecord,
  NewProfile,
  RollupIncrement,
  Store,
} from "@/lib/store";
import type { SqliteStore } from "@/lib/store/sqlite/store";

import {
  DEMO_CARRIER_IDS,
  demoIccid,
  demoProfileBatches,
} from "./demo-profiles";

export interface SeedOptions {
  tenantId: string;
  organizationId: string;
  organizationName: string;
  profiles: number;
  days: number;
  operationsPerDay: number;
  second: {
    tenantId: string;
    organizationId: string;
    organizationName: string;
    profiles: number;
  };
  /** End of the seeded history, epoch milliseconds. */
  now: number;
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  profiles: number;
  operations: number;
  auditEntries: number;
}

const BATCH_SIZE = 5000;

/** Success rate and latency (median-ish, milliseconds) per demo carrier. */
const CARRIER_BEHAVIOUR: Record<
  string,
  { successRate: number; latencyMs: number }
> = {
  "carrier-a": { successRate: 0.995, latencyMs: 180 },
  "carrier-b": { successRate: 0.97, latencyMs: 420 },
  "carrier-c": { successRate: 0.9, latencyMs: 1400 },
};
const FAILURE_CODES = [
  { subjectCode: "8.2.1", reasonCode: "3.9" },
  { subjectCode: "8.2.5", reasonCode: "3.7" },
  { subjectCode: "8.8.5", reasonCode: "4.10" },
  { subjectCode: "8.1.1", reasonCode: "3.10" },
];
const ADMIN = {
  oid: "d8b8ec4b-4d8a-4e40-89cf-d365134cb37b",
  name: "Ada Admin",
  roles: ["Portal.Admin"],
};

/** Deterministic pseudo-random number in [0, 1) from a label. */
function chance(label: string): number {
  return createHash("sha256").update(label).digest().readUInt32BE(0) / 2 ** 32;
}

function demoCarrier(
  organizationId: string,
  carrierId: string,
  now: number,
): CarrierRecord {
  const letter = carrierId.slice(-1).toUpperCase();
  return {
    organizationId,
    id: carrierId,
    name: `Demo Carrier ${letter}`,
    // NOTE: placeholder address; the local stack points carriers at its
    // simulators when it starts them.
    es2BaseUrl: `https://localhost/${carrierId}`,
    functionRequesterIdentifier: "nexorasim-demo",
    defaultSmdpAddress: `smdp.${carrierId}.example`,
    certificates: {
      ca: `.local/certs/ca.crt`,
      clientCert: `.local/certs/portal-client.crt`,
      clientKey: `.local/certs/portal-client.key`,
    },
    profileTypes: ["standard", "iot-data"],
    timeoutMs: 10_000,
    updatedAt: new Date(now).toISOString(),
  };
}

async function insertProfiles(
  store: Store,
  batches: Iterable<NewProfile[]>,
  onBatch: (count: number) => void,
): Promise<number> {
  let total = 0;
  for (const batch of batches) {
    if (store.kind === "sqlite") {
      (store as SqliteStore).profiles.insertBatch(batch);
    } else {
      for (const profile of batch) await store.profiles.create(profile);
    }
    total += batch.length;
    onBatch(total);
  }
  return total;
}

async function seedOrganization(
  store: Store,
  organization: {
    tenantId: string;
    organizationId: string;
    organizationName: string;
  },
  issuer: number,
  profileCount: number,
  options: SeedOptions,
): Promise<number> {
  const createdAt = new Date(options.now - 400 * 86_400_000).toISOString();
  await store.organizations.upsert({
    id: organization.organizationId,
    name: organization.organizationName,
    tenantIds: [organization.tenantId],
    createdAt,
  });
  for (const carrierId of DEMO_CARRIER_IDS) {
    await store.carriers.upsert(
      demoCarrier(organization.organizationId, carrierId, options.now),
    );
  }
  return insertProfiles(
    store,
    demoProfileBatches({
      organizationId: organization.organizationId,
      issuer,
      count: profileCount,
      batchSize: BATCH_SIZE,
      now: options.now,
    }),
    (count) => {
      if (count % 50_000 === 0) options.onProgress?.(`${count} profiles`);
    },
  );
}

async function seedHistory(
  store: Store,
  options: SeedOptions,
): Promise<number> {
  const organizationId = options.organizationId;
  let operations = 0;
  for (let day = options.days; day >= 1; day -= 1) {
    for (let index = 0; index < options.operationsPerDay; index += 1) {
      const label = `${day}:${index}`;
      const startedAt =
        options.now -
        day * 86_400_000 +
        Math.floor((index / options.operationsPerDay) * 86_400_000);
      const carrierId =
        DEMO_CARRIER_IDS[Math.floor(chance(`${label}:c`) * 3)] ?? "carrier-a";
      const behaviour = CARRIER_BEHAVIOUR[carrierId] ?? {
        successRate: 0.99,
        latencyMs: 300,
      };
      const succeeded = chance(`${label}:ok`) < behaviour.successRate;
      // Long-tailed latency: most calls near the carrier's typical time.
      const latencyMs = Math.round(
        behaviour.latencyMs *
          (0.5 + -Math.log(1 - chance(`${label}:l`) * 0.999)),
      );
      const failure = succeeded
        ? null
        : (FAILURE_CODES[
            Math.floor(chance(`${label}:f`) * FAILURE_CODES.length)
          ] ?? null);
      const kind =
        (["provision", "provision", "transfer", "revoke"] as const)[
          index % 4
        ] ?? "provision";
      const iccid = demoIccid(
        1,
        Math.floor(chance(`${label}:p`) * Math.max(1, options.profiles)),
      );
      const time = new Date(startedAt).toISOString();
      const finishedAt = new Date(startedAt + latencyMs).toISOString();

      await store.commit({
        organizationId,
        operation: {
          create: {
            organizationId,
            kind,
            idempotencyKey: `seed-${label}`,
            state: succeeded ? "succeeded" : "failed",
            carrierId,
            iccid,
            input: { profileType: "standard" },
            steps: [
              {
                name: kind === "revoke" ? "cancel-order" : "download-order",
                function: kind === "revoke" ? "CancelOrder" : "DownloadOrder",
                functionCallIdentifier: `seed-${label}-1`,
                state: succeeded ? "succeeded" : "failed",
                attempts: 1,
                startedAt: time,
                finishedAt,
                latencyMs,
                executionStatus: succeeded ? "Executed-Success" : "Failed",
                subjectCode: failure?.subjectCode ?? null,
                reasonCode: failure?.reasonCode ?? null,
                error: null,
                result: null,
              },
            ],
            attempts: 1,
            nextAttemptAt: null,
            outcome: {
              executionStatus: succeeded ? "Executed-Success" : "Failed",
              subjectCode: failure?.subjectCode ?? null,
              reasonCode: failure?.reasonCode ?? null,
              message: null,
            },
            createdBy: { oid: ADMIN.oid, name: ADMIN.name },
            createdAt: time,
          },
        },
        audit: [
          {
            organizationId,
            time: finishedAt,
            actor: ADMIN,
            sourceIp: "127.0.0.1",
            userAgent: "nexorasim-seed",
            action: `profile.${kind}`,
            target: `iccid:${iccid}`,
            outcome: succeeded ? "success" : "failure",
            statusCodes: failure,
            correlationId: `seed-${label}`,
          },
        ],
        rollups: [
          {
            organizationId,
            carrierId,
            time,
            outcome: succeeded ? "success" : "failure",
            reasonCode: failure
              ? `${failure.subjectCode}/${failure.reasonCode}`
              : null,
            latencyMs,
          } satisfies RollupIncrement,
        ],
      });
      operations += 1;
    }
  }
  return operations;
}

/**
 * Seeds both demo organizations into an empty store.
 *
 * @throws Error when the main organization already has profiles
 */
export async function seedDemoData(
  store: Store,
  options: SeedOptions,
): Promise<SeedSummary> {
  if ((await store.profiles.count(options.organizationId)) > 0) {
    throw new Error(
      `Organization ${options.organizationId} already has profiles. ` +
        "Seed an empty database: delete the SQLite file (see SQLITE_PATH) or use another COSMOS_DATABASE.",
    );
  }
  const main = await seedOrganization(
    store,
    options,
    1,
    options.profiles,
    options,
  );
  const second = await seedOrganization(
    store,
    options.second,
    2,
    options.second.profiles,
    options,
  );
  options.onProgress?.(`${main + second} profiles written`);
  const operations = await seedHistory(store, options);
  return { profiles: main + second, operations, auditEntries: operations };
}
