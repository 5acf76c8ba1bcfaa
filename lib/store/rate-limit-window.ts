import { normalizeTimestamp } from "./record-input";
import type { RateLimitRequest } from "./types";

/** Start and end of the fixed window containing `request.now`. */
export function rateLimitWindow(request: RateLimitRequest): {
  start: string;
  end: string;
} {
  if (!Number.isInteger(request.windowMs) || request.windowMs <= 0) {
    throw new RangeError(
      `windowMs ${request.windowMs} is invalid: pass a positive number of milliseconds.`,
    );
  }
  const now = Date.parse(normalizeTimestamp(request.now, "now"));
  const start = Math.floor(now / request.windowMs) * request.windowMs;
  return {
    start: new Date(start).toISOString(),
    end: new Date(start + request.windowMs).toISOString(),
  };
}
