import type { Container } from "@azure/cosmos";

import { StoreUnavailableError } from "../errors";
import { rateLimitWindow } from "../rate-limit-window";
import type { RateLimitRepository } from "../repositories";
import type { RateLimitRequest, RateLimitResult } from "../types";
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import { readDocument } from "./documents";

interface CounterDocument {
  id: string;
  organizationId: string;
  count: number;
  /** Seconds until Cosmos DB deletes the counter (not applied by the test server). */
  ttl: number;
}

const MAX_ATTEMPTS = 20;

export class CosmosRateLimitRepository implements RateLimitRepository {
  constructor(private readonly container: Container) {}

  async consume(request: RateLimitRequest): Promise<RateLimitResult> {
    const window = rateLimitWindow(request);
    const id = `${encodeURIComponent(request.key)}:${window.start}`;
    const ttl = Math.ceil(request.windowMs / 1000) + 60;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await readDocument<CounterDocument>(
        this.container,
        id,
        request.organizationId,
      );
      const next: CounterDocument = {
        id,
        organizationId: request.organizationId,
        count: (current?.count ?? 0) + 1,
        ttl,
      };
      try {
        await cosmosCall(() =>
          current
            ? this.container.item(id, request.organizationId).replace(next, {
                accessCondition: { type: "IfMatch", condition: current._etag },
              })
            : this.container.items.create(next),
        );
      } catch (error) {
        if (isPreconditionFailed(error) || isConflict(error)) continue;
        throw error;
      }
      return {
        allowed: next.count <= request.limit,
        count: next.count,
        remaining: Math.max(0, request.limit - next.count),
        resetAt: window.end,
      };
    }
    throw new StoreUnavailableError(
      "cosmos",
      `rate limit counter ${request.key} kept changing during ${MAX_ATTEMPTS} attempts`,
    );
  }
}
