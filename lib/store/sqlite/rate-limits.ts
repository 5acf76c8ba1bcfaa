import { rateLimitWindow } from "../rate-limit-window";
import type { RateLimitRepository } from "../repositories";
import type { RateLimitRequest, RateLimitResult } from "../types";
import type { SqliteContext } from "./context";

export class SqliteRateLimitRepository implements RateLimitRepository {
  constructor(private readonly context: SqliteContext) {}

  async consume(request: RateLimitRequest): Promise<RateLimitResult> {
    const window = rateLimitWindow(request);
    return this.context.immediate(() => {
      // Windows that ended are no longer read: drop them as we go.
      this.context
        .statement(
          `DELETE FROM rate_limits WHERE organization_id = ? AND key = ? AND window_start < ?`,
        )
        .run(request.organizationId, request.key, window.start);
      const row = this.context
        .statement(
          `INSERT INTO rate_limits (organization_id, key, window_start, count)
           VALUES (?, ?, ?, 1)
           ON CONFLICT (organization_id, key, window_start)
             DO UPDATE SET count = count + 1
           RETURNING count`,
        )
        .get(request.organizationId, request.key, window.start) as {
        count: number;
      };
      return {
        allowed: row.count <= request.limit,
        count: row.count,
        remaining: Math.max(0, request.limit - row.count),
        resetAt: window.end,
      };
    });
  }
}
