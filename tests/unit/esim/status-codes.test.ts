import { describe, expect, it } from "vitest";

import {
  STATUS_CODE_CATALOGUE,
  describeStatusCode,
  type StatusCodeCategory,
} from "@/lib/esim/status-codes";

// subject, reason, category, retryable: the common codes of ES2+.
const EXPECTED_ROWS: [string, string, StatusCodeCategory, boolean][] = [
  ["8.2.1", "3.9", "iccid", false],
  ["8.2.1", "1.2", "access", false],
  ["8.2.1", "3.3", "iccid", false],
  ["8.2.1", "3.5", "iccid", false],
  ["8.2.5", "3.7", "profile-type", false],
  ["8.2.5", "3.9", "profile-type", false],
  ["8.2.6", "3.3", "matching-id", false],
  ["8.1.1", "3.10", "eid", false],
  ["8.1.1", "2.2", "eid", false],
  ["8.9", "5.1", "smds", true],
  ["8.2.7", "6.4", "confirmation-code", false],
  ["8.8.5", "6.4", "smdp", false],
  ["8.8.5", "4.10", "smdp", false],
  ["8.8.5", "3.8", "smdp", false],
  ["1.6", "2.1", "function", false],
];

describe("STATUS_CODE_CATALOGUE", () => {
  it("holds every common code", () => {
    const pairs = STATUS_CODE_CATALOGUE.map(
      (row) => `${row.subjectCode}/${row.reasonCode}`,
    );
    expect(pairs.sort()).toEqual(
      EXPECTED_ROWS.map(([subject, reason]) => `${subject}/${reason}`).sort(),
    );
  });

  it.each(STATUS_CODE_CATALOGUE)(
    "gives $subjectCode / $reasonCode a next step",
    (row) => {
      expect(row.nextStep.length).toBeGreaterThan(20);
    },
  );

  it.each(STATUS_CODE_CATALOGUE)(
    "gives $subjectCode / $reasonCode a cause",
    (row) => {
      expect(row.cause.length).toBeGreaterThan(20);
    },
  );
});

describe("describeStatusCode", () => {
  it.each(EXPECTED_ROWS)("recognises %s / %s", (subject, reason) => {
    expect(describeStatusCode(subject, reason).known).toBe(true);
  });

  it.each(EXPECTED_ROWS)(
    "categorises %s / %s as %s",
    (subject, reason, category) => {
      expect(describeStatusCode(subject, reason).category).toBe(category);
    },
  );

  it.each(EXPECTED_ROWS)(
    "marks %s / %s retryable=%s",
    (subject, reason, _category, retryable) => {
      expect(describeStatusCode(subject, reason).retryable).toBe(retryable);
    },
  );

  it.each(STATUS_CODE_CATALOGUE)(
    "returns catalogue text for $subjectCode / $reasonCode",
    (row) => {
      const diagnosis = describeStatusCode(row.subjectCode, row.reasonCode);
      expect(diagnosis.nextStep).toBe(row.nextStep);
    },
  );

  it("keeps the raw codes", () => {
    const diagnosis = describeStatusCode("8.2.1", "3.9");
    expect([diagnosis.subjectCode, diagnosis.reasonCode]).toEqual([
      "8.2.1",
      "3.9",
    ]);
  });

  it("trims surrounding whitespace", () => {
    expect(describeStatusCode(" 8.2.1 ", "3.9\n").known).toBe(true);
  });

  it("separates reason 3.1 from 3.10", () => {
    expect(describeStatusCode("8.1.1", "3.1").known).toBe(false);
  });

  it("explains reason 3.1 as unsupported", () => {
    expect(describeStatusCode("8.1.1", "3.1").cause).toContain("unsupported");
  });

  it("separates subject 8.2.10 from 8.2.1", () => {
    expect(describeStatusCode("8.2.10", "3.9").known).toBe(false);
  });

  it("names subject 8.2.10 correctly", () => {
    expect(describeStatusCode("8.2.10", "3.9").cause).toContain(
      "bound profile package",
    );
  });

  it("categorises unknown 8.2.10 as other", () => {
    expect(describeStatusCode("8.2.10", "3.9").category).toBe("other");
  });

  it("says unknown codes were not recognised", () => {
    expect(describeStatusCode("8.2.1", "4.2").cause).toContain(
      "does not recognise",
    );
  });

  it("retries execution error", () => {
    expect(describeStatusCode("8.2.1", "4.2").retryable).toBe(true);
  });

  it("retries unknown inaccessible subject", () => {
    expect(describeStatusCode("8.8.1", "5.1").retryable).toBe(true);
  });

  it("does not retry unknown ICCID elsewhere", () => {
    expect(describeStatusCode("8.1.1", "3.9").retryable).toBe(false);
  });

  it("does not retry unknown not-allowed", () => {
    expect(describeStatusCode("8.2.5", "1.2").retryable).toBe(false);
  });

  it("does not retry expired elsewhere", () => {
    expect(describeStatusCode("8.2.1", "4.10").retryable).toBe(false);
  });

  it("does not retry security errors", () => {
    expect(describeStatusCode("8.1.3", "6.1").retryable).toBe(false);
  });

  it("categorises access reasons as access", () => {
    expect(describeStatusCode("8.2.5", "1.2").category).toBe("access");
  });

  it("categorises requester subject as access", () => {
    expect(describeStatusCode("1.1", "2.1").category).toBe("access");
  });

  it("categorises protocol subject as function", () => {
    expect(describeStatusCode("1.3.2", "3.1").category).toBe("function");
  });

  it("categorises unknown EID subject", () => {
    expect(describeStatusCode("8.1.1", "3.9").category).toBe("eid");
  });

  it("categorises unknown SM-DP+ subject", () => {
    expect(describeStatusCode("8.8.4", "6.3").category).toBe("smdp");
  });

  it("categorises unknown SM-DS subject", () => {
    expect(describeStatusCode("8.9.1", "2.1").category).toBe("smds");
  });

  it("categorises unknown matching ID reason", () => {
    expect(describeStatusCode("8.2.6", "2.1").category).toBe("matching-id");
  });

  it("categorises unknown confirmation code reason", () => {
    expect(describeStatusCode("8.2.7", "3.8").category).toBe(
      "confirmation-code",
    );
  });

  it("categorises unknown profile type reason", () => {
    expect(describeStatusCode("8.2.5", "3.8").category).toBe("profile-type");
  });

  it("falls back for unknown families", () => {
    expect(describeStatusCode("9.9", "9.9").category).toBe("other");
  });

  it("does not retry unknown families", () => {
    expect(describeStatusCode("9.9", "9.9").retryable).toBe(false);
  });

  it("advises a carrier ticket for unknown families", () => {
    expect(describeStatusCode("9.9", "9.9").nextStep).toContain("ticket");
  });

  it("explains format family next step", () => {
    expect(describeStatusCode("8.2.1", "2.3").nextStep).toContain(
      "Check the order's fields",
    );
  });

  it("handles empty codes", () => {
    expect(describeStatusCode("", "").known).toBe(false);
  });
});
