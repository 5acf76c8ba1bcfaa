import { describe, expect, it } from "vitest";

import {
  classifyOutcome,
  reasonLabel,
  retryDelayMs,
} from "@/lib/operations/retry-policy";
import { describeStatusCode } from "@/lib/esim";
import type { Es2Outcome } from "@/lib/smdp/es2plus-client";

const settings = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const common = { functionCallIdentifier: "op-1.DownloadOrder", latencyMs: 12 };

function rejected(
  subjectCode: string,
  reasonCode: string,
): Es2Outcome<unknown> {
  return {
    kind: "rejected",
    executionStatus: "Failed",
    statusCodeData: { subjectCode, reasonCode },
    diagnosis: describeStatusCode(subjectCode, reasonCode),
    ...common,
  };
}

describe("retryDelayMs", () => {
  it("first retry bounded by base", () => {
    expect(retryDelayMs(1, settings, () => 0.999)).toBe(99);
  });

  it("bound doubles per attempt", () => {
    expect(retryDelayMs(3, settings, () => 0.5)).toBe(200);
  });

  it("bound capped at maximum", () => {
    expect(retryDelayMs(20, settings, () => 0.999)).toBe(999);
  });

  it("full jitter reaches zero", () => {
    expect(retryDelayMs(4, settings, () => 0)).toBe(0);
  });
});

describe("classifyOutcome", () => {
  it("timeout resent with same identifier", () => {
    expect(
      classifyOutcome({ kind: "timeout", timeoutMs: 100, ...common }).kind,
    ).toBe("resend");
  });

  it("unreachable carrier resent", () => {
    expect(
      classifyOutcome({ kind: "unreachable", cause: "ECONNREFUSED", ...common })
        .kind,
    ).toBe("resend");
  });

  it("garbage answer resent", () => {
    const outcome: Es2Outcome<unknown> = {
      kind: "protocol-error",
      httpStatus: 500,
      contentType: "text/html",
      excerpt: "<html>",
      problem: "not JSON",
      ...common,
    };
    expect(classifyOutcome(outcome).kind).toBe("resend");
  });

  it("SM-DS inaccessible retried as new call", () => {
    expect(classifyOutcome(rejected("8.9", "5.1")).kind).toBe("retry-new-call");
  });

  it("unknown profile type permanent", () => {
    expect(classifyOutcome(rejected("8.2.5", "3.9")).kind).toBe("permanent");
  });

  it("failed without codes retried", () => {
    const outcome: Es2Outcome<unknown> = {
      kind: "rejected",
      executionStatus: "Failed",
      statusCodeData: null,
      diagnosis: null,
      ...common,
    };
    expect(classifyOutcome(outcome).kind).toBe("retry-new-call");
  });
});

describe("reasonLabel", () => {
  it("rejection labelled by codes", () => {
    expect(reasonLabel(rejected("8.2.1", "3.10"))).toBe("8.2.1/3.10");
  });

  it("timeout labelled by kind", () => {
    expect(reasonLabel({ kind: "timeout", timeoutMs: 1, ...common })).toBe(
      "timeout",
    );
  });
});
