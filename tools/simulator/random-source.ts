// Seeded random numbers for the simulator's rates and latencies, so that a
// run with the same seed and the same calls behaves the same way.
import type { LatencyDistribution } from "./simulator-settings";

/** Returns numbers in [0, 1) from the mulberry32 generator. */
export function createRandomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws one latency in milliseconds; never negative. */
export function sampleLatency(
  distribution: LatencyDistribution,
  random: () => number,
): number {
  switch (distribution.kind) {
    case "fixed":
      return distribution.ms;
    case "uniform": {
      const low = Math.min(distribution.minMs, distribution.maxMs);
      const high = Math.max(distribution.minMs, distribution.maxMs);
      return low + random() * (high - low);
    }
    case "normal": {
      // Box-Muller transform; 1 - random() avoids log(0).
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const standard = radius * Math.cos(2 * Math.PI * random());
      return Math.max(
        0,
        distribution.meanMs + standard * distribution.stdDevMs,
      );
    }
  }
}

/** Picks one element of a non-empty list. */
export function pickOne<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) {
    throw new RangeError("pickOne needs a non-empty list.");
  }
  return item;
}
