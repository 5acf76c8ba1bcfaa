import { describe, expect, it } from "vitest";

import { CircuitBreakers } from "@/lib/operations/circuit-breaker";

function breakers() {
  let now = 1_000;
  const instance = new CircuitBreakers(
    { failureThreshold: 2, openMs: 500 },
    () => now,
  );
  return { instance, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreakers", () => {
  it("closed breaker allows calls", () => {
    const { instance } = breakers();
    expect(instance.check("carrier-a").allowed).toBe(true);
  });

  it("opens after threshold failures", () => {
    const { instance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", true);
    expect(instance.check("carrier-a").allowed).toBe(false);
  });

  it("success resets failure count", () => {
    const { instance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", false);
    instance.record("carrier-a", true);
    expect(instance.state("carrier-a")).toBe("closed");
  });

  it("other carriers unaffected", () => {
    const { instance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", true);
    expect(instance.check("carrier-b").allowed).toBe(true);
  });

  it("half-open allows one probe", () => {
    const { instance, advance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", true);
    advance(600);
    const probe = instance.check("carrier-a");
    const second = instance.check("carrier-a");
    expect(probe).toEqual({ allowed: true, probe: true });
    expect(second.allowed).toBe(false);
  });

  it("failed probe reopens breaker", () => {
    const { instance, advance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", true);
    advance(600);
    instance.check("carrier-a");
    instance.record("carrier-a", true);
    expect(instance.state("carrier-a")).toBe("open");
  });

  it("successful probe closes breaker", () => {
    const { instance, advance } = breakers();
    instance.record("carrier-a", true);
    instance.record("carrier-a", true);
    advance(600);
    instance.check("carrier-a");
    instance.record("carrier-a", false);
    expect(instance.state("carrier-a")).toBe("closed");
  });
});
