// Circuit breaker per carrier. After `failureThreshold` consecutive carrier
// failures (timeouts, unreachable, protocol errors) the breaker opens for
// `openMs`: operations of that carrier are rescheduled without a call. Then
// one probe call is let through (half-open); its success closes the breaker.
//
// The state lives in each worker process's memory. That is safe with several
// replicas: the breaker only decides when to wait, never whether an
// operation runs or which call identifier it uses (leases and version
// checks in the store do that). With R replicas a failing carrier receives
// at most R * (failureThreshold + concurrency) calls before all of them back
// off, the calls already in flight included, and R probes per open period.

export interface CircuitBreakerSettings {
  failureThreshold: number;
  /** How long an open breaker stays open, in milliseconds. */
  openMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER_SETTINGS: CircuitBreakerSettings = {
  failureThreshold: 5,
  openMs: 30_000,
};

export type BreakerDecision =
  { allowed: true; probe: boolean } | { allowed: false; retryAt: number };

interface CarrierBreaker {
  consecutiveFailures: number;
  openUntil: number | null;
  probeInFlight: boolean;
}

export class CircuitBreakers {
  private readonly carriers = new Map<string, CarrierBreaker>();

  constructor(
    private readonly settings: CircuitBreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  private of(carrierId: string): CarrierBreaker {
    let breaker = this.carriers.get(carrierId);
    if (breaker === undefined) {
      breaker = {
        consecutiveFailures: 0,
        openUntil: null,
        probeInFlight: false,
      };
      this.carriers.set(carrierId, breaker);
    }
    return breaker;
  }

  /** Decide whether a call to the carrier may go out now. */
  check(carrierId: string): BreakerDecision {
    const breaker = this.of(carrierId);
    if (breaker.openUntil === null) return { allowed: true, probe: false };
    const now = this.now();
    if (now < breaker.openUntil || breaker.probeInFlight) {
      return {
        allowed: false,
        retryAt: Math.max(now, breaker.openUntil) + 1,
      };
    }
    breaker.probeInFlight = true;
    return { allowed: true, probe: true };
  }

  /** Record the result of a call that `check` allowed. */
  record(carrierId: string, carrierFailure: boolean): void {
    const breaker = this.of(carrierId);
    breaker.probeInFlight = false;
    if (!carrierFailure) {
      breaker.consecutiveFailures = 0;
      breaker.openUntil = null;
      return;
    }
    breaker.consecutiveFailures += 1;
    if (
      breaker.openUntil !== null ||
      breaker.consecutiveFailures >= this.settings.failureThreshold
    ) {
      breaker.openUntil = this.now() + this.settings.openMs;
    }
  }

  state(carrierId: string): "closed" | "open" | "half-open" {
    const breaker = this.of(carrierId);
    if (breaker.openUntil === null) return "closed";
    return this.now() < breaker.openUntil ? "open" : "half-open";
  }
}
