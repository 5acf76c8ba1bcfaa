// Containers and partition keys. Sizing, at one million profiles and seven
// years of audit in one organization (a logical partition stores at most
// 20 GB):
// - profiles, by /organizationId: 1M documents of about 1 KB = about 1 GB.
// - operations, by /organizationId: about 2 KB each, so 20 GB is about ten
//   million operations, ten per profile. The idempotency key is a unique key
//   there, which Cosmos DB enforces per logical partition.
// - audit, by /partitionKey = "<organizationId>:<block>" where block is
//   (sequence - 1) / 100 000: at about 2 KB per entry a block is about
//   200 MB, whatever the audit volume. Entry ids are the zero-padded
//   sequence, so the chain is read block by block in order; the chain-head
//   hint lives in "<organizationId>:head".
// - notifications, by /partitionKey = "<organizationId>:<iccid>": a few
//   documents per profile; the id is the content hash, which makes a
//   duplicate delivery a 409.
// - rollups and carriers, by /organizationId: one rollup per carrier and
//   hour is under 100 MB per carrier for the year metrics are kept.
// - rateLimits, by /organizationId, expired by per-item TTL.
// - organizations, by /id: a handful of documents.

import type { Container, ContainerRequest, Database } from "@azure/cosmos";

export const AUDIT_BLOCK_SIZE = 100_000;

type CompositePath = { path: string; order: "ascending" | "descending" };

/** Both directions, because the test server (unlike Cosmos DB) only serves an exact match. */
function bothDirections(...paths: string[]): CompositePath[][] {
  return [
    paths.map((path) => ({ path, order: "ascending" as const })),
    paths.map((path) => ({ path, order: "descending" as const })),
  ];
}

export const CONTAINERS = {
  organizations: { id: "organizations", partitionKey: { paths: ["/id"] } },
  carriers: { id: "carriers", partitionKey: { paths: ["/organizationId"] } },
  profiles: {
    id: "profiles",
    partitionKey: { paths: ["/organizationId"] },
    indexingPolicy: {
      compositeIndexes: [
        ...bothDirections("/updatedAt", "/iccid"),
        ...bothDirections("/carrierId", "/updatedAt", "/iccid"),
        ...bothDirections("/smdpState", "/updatedAt", "/iccid"),
      ],
    },
  },
  operations: {
    id: "operations",
    partitionKey: { paths: ["/organizationId"] },
    uniqueKeyPolicy: { uniqueKeys: [{ paths: ["/idempotencyKey"] }] },
    indexingPolicy: {
      compositeIndexes: [
        ...bothDirections("/createdAt", "/id"),
        ...bothDirections("/updatedAt", "/id"),
      ],
    },
  },
  audit: { id: "audit", partitionKey: { paths: ["/partitionKey"] } },
  notifications: {
    id: "notifications",
    partitionKey: { paths: ["/partitionKey"] },
    indexingPolicy: {
      compositeIndexes: bothDirections("/receivedAt", "/id"),
    },
  },
  rollups: {
    id: "rollups",
    partitionKey: { paths: ["/organizationId"] },
    indexingPolicy: {
      compositeIndexes: bothDirections("/hour", "/carrierId"),
    },
  },
  rateLimits: {
    id: "rateLimits",
    partitionKey: { paths: ["/organizationId"] },
    // -1: TTL on, items expire by their own `ttl` field.
    defaultTtl: -1,
  },
} satisfies Record<string, ContainerRequest>;

export type ContainerName = keyof typeof CONTAINERS;
export type Containers = Record<ContainerName, Container>;

export async function ensureContainers(
  database: Database,
): Promise<Containers> {
  const entries = await Promise.all(
    (Object.keys(CONTAINERS) as ContainerName[]).map(async (name) => {
      const { container } = await database.containers.createIfNotExists(
        CONTAINERS[name] as ContainerRequest,
      );
      return [name, container] as const;
    }),
  );
  return Object.fromEntries(entries) as Containers;
}

export function auditPartitionKey(
  organizationId: string,
  sequence: number,
): string {
  return `${organizationId}:${Math.floor((sequence - 1) / AUDIT_BLOCK_SIZE)}`;
}

export function auditHeadPartitionKey(organizationId: string): string {
  return `${organizationId}:head`;
}

export function auditEntryId(sequence: number): string {
  return String(sequence).padStart(12, "0");
}
