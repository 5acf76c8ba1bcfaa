import { describe, expect, it } from "vitest";

import { isValidEid } from "@/lib/esim/eid";
import { parseIccid } from "@/lib/esim/iccid";
import { demoEid, demoIccid, demoProfile } from "@/tools/seed/demo-profiles";

describe("demo profiles", () => {
  it("demo ICCID passes Luhn", () => {
    expect(parseIccid(demoIccid(1, 123_456)).warnings).toEqual([]);
  });

  it("demo EID check digits valid", () => {
    expect(isValidEid(demoEid(987_654))).toBe(true);
  });

  it("demo profile deterministic", () => {
    const options = { organizationId: "o", issuer: 1, n: 42, now: 0 };
    expect(demoProfile(options)).toEqual(demoProfile(options));
  });

  it("demo ICCIDs unique per issuer", () => {
    expect(demoIccid(1, 5)).not.toBe(demoIccid(2, 5));
  });
});
