import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  computeEidCheckDigits,
  eidManufacturerCode,
  isValidEid,
  parseEid,
} from "@/lib/esim/eid";
import { EsimFormatError } from "@/lib/esim/errors";

import { thrownBy } from "./thrown-by";

const VALID_EIDS = [
  "89049032123451234512345678901235",
  "89086030202200000022000023022943",
  "89044045116727494800000004479366",
];

function errorCodeOf(input: string): unknown {
  const error = thrownBy(() => parseEid(input));
  return error instanceof EsimFormatError ? error.code : error;
}

describe("parseEid", () => {
  it.each(VALID_EIDS)("accepts valid %s", (eid) => {
    expect(parseEid(eid)).toBe(eid);
  });

  it("trims surrounding whitespace", () => {
    expect(parseEid(" 89049032123451234512345678901235\n")).toBe(
      "89049032123451234512345678901235",
    );
  });

  it("rejects check digits off by one", () => {
    expect(errorCodeOf("89049032123451234512345678901234")).toBe(
      "EID_CHECK_DIGITS",
    );
  });

  it("rejects 31 characters", () => {
    expect(errorCodeOf("8904903212345123451234567890123")).toBe(
      "EID_TOO_SHORT",
    );
  });

  it("rejects 33 characters", () => {
    expect(errorCodeOf("890490321234512345123456789012350")).toBe(
      "EID_TOO_LONG",
    );
  });

  it("rejects letters", () => {
    expect(errorCodeOf("8904903212345123451234567890123A")).toBe(
      "EID_NON_DIGIT",
    );
  });

  it("rejects empty input", () => {
    expect(errorCodeOf("")).toBe("EID_EMPTY");
  });

  it("rejects swapped digits", () => {
    expect(errorCodeOf("89049032123451234512345678902135")).toBe(
      "EID_CHECK_DIGITS",
    );
  });

  it("reports the field in errors", () => {
    const error = thrownBy(() => parseEid("123"));
    expect(error).toHaveProperty("field", "eid");
  });

  it("tells what to do on check failure", () => {
    const error = thrownBy(() => parseEid("89049032123451234512345678901234"));
    expect((error as Error).message).toContain("Copy the EID again");
  });
});

describe("isValidEid", () => {
  it("returns true for valid EID", () => {
    expect(isValidEid("89086030202200000022000023022943")).toBe(true);
  });

  it("returns false for invalid EID", () => {
    expect(isValidEid("89049032123451234512345678901234")).toBe(false);
  });
});

describe("computeEidCheckDigits", () => {
  it.each(VALID_EIDS)("reproduces check digits of %s", (eid) => {
    expect(computeEidCheckDigits(eid.slice(0, 30))).toBe(eid.slice(30));
  });

  it("pads check digits below ten", () => {
    expect(computeEidCheckDigits("890490320000000000000000000019")).toBe("09");
  });

  it("rejects 29 digits", () => {
    const error = thrownBy(() =>
      computeEidCheckDigits("89049032123451234512345678901"),
    );
    expect(error).toHaveProperty("code", "EID_PREFIX_FORMAT");
  });

  it("rejects non-digit prefix", () => {
    const error = thrownBy(() =>
      computeEidCheckDigits("89049032123451234512345678901X"),
    );
    expect(error).toHaveProperty("code", "EID_PREFIX_FORMAT");
  });

  it("always yields a valid EID", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{30}$/), (first30) => {
        expect(isValidEid(first30 + computeEidCheckDigits(first30))).toBe(true);
      }),
    );
  });

  it("always yields two digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{30}$/), (first30) => {
        expect(computeEidCheckDigits(first30)).toMatch(/^[0-9]{2}$/);
      }),
    );
  });
});

describe("eidManufacturerCode", () => {
  it("returns the first eight digits", () => {
    expect(eidManufacturerCode("89049032123451234512345678901235")).toBe(
      "89049032",
    );
  });

  it("rejects invalid EID", () => {
    const error = thrownBy(() =>
      eidManufacturerCode("89049032123451234512345678901234"),
    );
    expect(error).toHaveProperty("code", "EID_CHECK_DIGITS");
  });
});
