import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { EsimFormatError, MAX_ERROR_VALUE_LENGTH } from "@/lib/esim/errors";
import {
  iccidFromBcd,
  iccidToBcd,
  isSameIccid,
  normalizeIccid,
  parseIccid,
} from "@/lib/esim/iccid";

import { thrownBy } from "./thrown-by";

const LUHN_VALID_ICCIDS = [
  "8988211000000530082",
  "8947010000123456784",
  "89882110000005300811",
  "89000000000000001010",
];

function errorCodeOf(input: string): unknown {
  const error = thrownBy(() => parseIccid(input));
  return error instanceof EsimFormatError ? error.code : error;
}

describe("parseIccid", () => {
  it.each(LUHN_VALID_ICCIDS)("accepts Luhn-valid %s", (iccid) => {
    expect(parseIccid(iccid)).toEqual({ iccid, warnings: [] });
  });

  it("warns on Luhn failure", () => {
    const parsed = parseIccid("8900000000000099999");
    expect(parsed.warnings.map((warning) => warning.code)).toEqual([
      "ICCID_LUHN",
    ]);
  });

  it("keeps Luhn-invalid ICCID", () => {
    expect(parseIccid("8900000000000099999").iccid).toBe("8900000000000099999");
  });

  it("rejects prefix other than 89", () => {
    expect(errorCodeOf("01234567890123456789")).toBe("ICCID_PREFIX");
  });

  it("drops upper-case F padding", () => {
    expect(parseIccid("8988211000000530082F").iccid).toBe(
      "8988211000000530082",
    );
  });

  it("drops lower-case f padding", () => {
    expect(parseIccid("8988211000000530082f").iccid).toBe(
      "8988211000000530082",
    );
  });

  it("trims surrounding whitespace", () => {
    expect(parseIccid(" \t8988211000000530082F\n").iccid).toBe(
      "8988211000000530082",
    );
  });

  it("accepts 18 digits", () => {
    expect(parseIccid("898821100000053008").iccid).toBe("898821100000053008");
  });

  it("rejects 17 digits", () => {
    expect(errorCodeOf("89882110000005300")).toBe("ICCID_TOO_SHORT");
  });

  it("rejects 21 digits", () => {
    expect(errorCodeOf("898821100000053008111")).toBe("ICCID_TOO_LONG");
  });

  it("rejects empty input", () => {
    expect(errorCodeOf("")).toBe("ICCID_EMPTY");
  });

  it("rejects whitespace-only input", () => {
    expect(errorCodeOf("   ")).toBe("ICCID_EMPTY");
  });

  it("rejects lone padding character", () => {
    expect(errorCodeOf("F")).toBe("ICCID_EMPTY");
  });

  it("rejects double padding", () => {
    expect(errorCodeOf("8988211000000530082FF")).toBe("ICCID_NON_DIGIT");
  });

  it("rejects inner spaces", () => {
    expect(errorCodeOf("8988 2110 0000 0530 082")).toBe("ICCID_NON_DIGIT");
  });

  it("rejects letters inside", () => {
    expect(errorCodeOf("89882110000A0530082")).toBe("ICCID_NON_DIGIT");
  });

  it("rejects script text", () => {
    expect(errorCodeOf("<script>alert(1)</script>")).toBe("ICCID_NON_DIGIT");
  });

  it("reports the field in errors", () => {
    const error = thrownBy(() => parseIccid("12"));
    expect(error).toHaveProperty("field", "iccid");
  });

  it("keeps the offending value", () => {
    const error = thrownBy(() => parseIccid("8912"));
    expect(error).toHaveProperty("value", "8912");
  });

  it("truncates long offending values", () => {
    const error = thrownBy(() => parseIccid("8".repeat(10_000)));
    expect((error as EsimFormatError).value.length).toBe(
      MAX_ERROR_VALUE_LENGTH + 1,
    );
  });

  it("explains the rule in messages", () => {
    const error = thrownBy(() => parseIccid("8912"));
    expect((error as Error).message).toContain("at least 18");
  });
});

describe("normalizeIccid", () => {
  it("returns the parsed ICCID", () => {
    expect(normalizeIccid(" 8947010000123456784f ")).toBe(
      "8947010000123456784",
    );
  });
});

describe("isSameIccid", () => {
  it("matches padded and unpadded", () => {
    expect(isSameIccid("8988211000000530082", "8988211000000530082F")).toBe(
      true,
    );
  });

  it("matches both padding cases", () => {
    expect(isSameIccid("8988211000000530082f", "8988211000000530082F")).toBe(
      true,
    );
  });

  it("separates different ICCIDs", () => {
    expect(isSameIccid("8988211000000530082", "8947010000123456784")).toBe(
      false,
    );
  });

  it("returns false for invalid input", () => {
    expect(isSameIccid("not an iccid", "not an iccid")).toBe(false);
  });
});

describe("iccidToBcd", () => {
  it("swaps nibbles and pads odd length", () => {
    expect(iccidToBcd("8944474000000000001")).toBe("984474040000000000F1");
  });

  it("encodes 20 digits without padding", () => {
    expect(iccidToBcd("89882110000005300811")).toBe("98881201000050038011");
  });

  it("normalises padded input first", () => {
    expect(iccidToBcd("8944474000000000001f")).toBe("984474040000000000F1");
  });

  it("rejects invalid ICCID", () => {
    const error = thrownBy(() => iccidToBcd("1234"));
    expect(error).toBeInstanceOf(EsimFormatError);
  });
});

describe("iccidFromBcd", () => {
  it("decodes spaced card form", () => {
    expect(iccidFromBcd("98 44 74 04 00 00 00 00 00 F1")).toBe(
      "8944474000000000001",
    );
  });

  it("decodes lower-case padding", () => {
    expect(iccidFromBcd("984474040000000000f1")).toBe("8944474000000000001");
  });

  it("decodes 20 digits", () => {
    expect(iccidFromBcd("98881201000050038011")).toBe("89882110000005300811");
  });

  it("rejects odd nibble count", () => {
    const error = thrownBy(() => iccidFromBcd("984474040000000000F"));
    expect(error).toHaveProperty("code", "ICCID_BCD_FORMAT");
  });

  it("rejects non-hexadecimal text", () => {
    const error = thrownBy(() => iccidFromBcd("98447404000000000ZF1"));
    expect(error).toHaveProperty("code", "ICCID_BCD_FORMAT");
  });

  it("rejects padding before the end", () => {
    const error = thrownBy(() => iccidFromBcd("9844F4040000000000F1"));
    expect(error).toHaveProperty("code", "ICCID_BCD_FORMAT");
  });

  it("rejects hexadecimal letters", () => {
    const error = thrownBy(() => iccidFromBcd("98447404000000000AF1"));
    expect(error).toHaveProperty("code", "ICCID_BCD_FORMAT");
  });

  it("rejects decoded non-89 prefix", () => {
    const error = thrownBy(() => iccidFromBcd("10325476981032547698"));
    expect(error).toHaveProperty("code", "ICCID_PREFIX");
  });

  it("round-trips any ICCID", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^89[0-9]{16,18}$/), (iccid) => {
        expect(iccidFromBcd(iccidToBcd(iccid))).toBe(iccid);
      }),
    );
  });
});
