// Fault selection for each call: forced faults first (tests,
// control API), then the carrier's configured random rates.
import type { Es2Function } from "@/lib/smdp/es2plus-types";
import { pickOne } from "./random-source";
import type {
  Fault,
  ForcedFault,
  SimulatorSettings,
} from "./simulator-settings";

export class FaultPlan {
  private readonly forced: {
    fault: Fault;
    function?: Es2Function;
    remaining: number;
  }[] = [];

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly random: () => number,
  ) {}

  /** Queues a fault for the next `times` calls (of one function, or any). */
  force(forced: ForcedFault): void {
    this.forced.push({
      fault: forced.fault,
      ...(forced.function === undefined ? {} : { function: forced.function }),
      remaining: forced.times ?? 1,
    });
  }

  clear(): void {
    this.forced.length = 0;
  }

  /** Returns the fault for one call of `fn`, consuming a forced one. */
  next(fn: Es2Function): Fault | null {
    const index = this.forced.findIndex(
      (entry) => entry.function === undefined || entry.function === fn,
    );
    const entry = this.forced[index];
    if (entry !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) {
        this.forced.splice(index, 1);
      }
      return entry.fault;
    }
    return this.roll();
  }

  private roll(): Fault | null {
    const { drops, timeouts, garbage, failures } = this.settings;
    if (drops !== undefined && this.random() < drops.rate) {
      return { kind: "drop" };
    }
    if (timeouts !== undefined && this.random() < timeouts.rate) {
      return timeouts.behaviour.kind === "never-answer"
        ? { kind: "hold" }
        : { kind: "delay", ms: timeouts.behaviour.ms };
    }
    if (garbage !== undefined && this.random() < garbage.rate) {
      return { kind: pickOne(garbage.kinds, this.random) };
    }
    if (failures !== undefined && this.random() < failures.rate) {
      return { kind: "status", ...pickOne(failures.codes, this.random) };
    }
    return null;
  }
}

/** Tests whether the function runs before the fault shapes the response. */
export function executesBeforeFault(fault: Fault): boolean {
  switch (fault.kind) {
    case "status":
    case "failed-without-status-code-data":
      return false;
    case "warning":
    case "delay":
      return true;
    case "hold":
    case "drop":
      return fault.executeFirst ?? true;
    case "empty-200":
    case "html-500":
    case "json-without-header":
      return fault.executeFirst ?? false;
  }
}
