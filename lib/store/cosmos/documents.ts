import type { Container, ItemDefinition, SqlQuerySpec } from "@azure/cosmos";

import { decodeCursor, encodeCursor } from "../cursor";
import { cosmosCall, isNotFound } from "./cosmos-errors";

/** A stored document with the server's ETag. */
export type Stored<T> = T & { id: string; _etag: string };

const SYSTEM_FIELDS = ["_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"];

/** Removes Cosmos DB system fields and the listed internal fields. */
export function stripDocument<T>(
  document: object,
  internal: readonly string[] = [],
): T {
  const copy: Record<string, unknown> = {
    ...(document as Record<string, unknown>),
  };
  for (const field of [...SYSTEM_FIELDS, ...internal]) delete copy[field];
  return copy as T;
}

export async function readDocument<T extends ItemDefinition>(
  container: Container,
  id: string,
  partitionKey: string,
): Promise<Stored<T> | null> {
  try {
    const response = await cosmosCall(() =>
      container.item(id, partitionKey).read<T>(),
    );
    return (response.resource as Stored<T> | undefined) ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function isContinuation(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/**
 * Reads up to `limit` items of a query, resuming from `cursor`. The cursor
 * wraps the SDK's continuation token; several round trips may be needed,
 * because Cosmos DB may return short pages.
 */
export async function queryPage<T>(
  container: Container,
  spec: SqlQuerySpec,
  options: {
    limit: number;
    cursor?: string | null;
    fingerprint: string;
    partitionKey?: string;
  },
): Promise<{ items: T[]; nextCursor: string | null }> {
  const items: T[] = [];
  let token: string | undefined = options.cursor
    ? decodeCursor(options.cursor, options.fingerprint, isContinuation)
    : undefined;

  do {
    const iterator = container.items.query<T>(spec, {
      maxItemCount: options.limit - items.length,
      continuationToken: token,
      ...(options.partitionKey === undefined
        ? {}
        : { partitionKey: options.partitionKey }),
    });
    const response = await cosmosCall(() => iterator.fetchNext());
    items.push(...response.resources);
    token = response.continuationToken ?? undefined;
  } while (token && items.length < options.limit);

  return {
    items,
    nextCursor: token ? encodeCursor(options.fingerprint, token) : null,
  };
}

/** Reads every item of a query, for small result sets. */
export async function queryAll<T>(
  container: Container,
  spec: SqlQuerySpec,
  partitionKey?: string,
): Promise<T[]> {
  const response = await cosmosCall(() =>
    container.items
      .query<T>(spec, partitionKey === undefined ? {} : { partitionKey })
      .fetchAll(),
  );
  return response.resources;
}
