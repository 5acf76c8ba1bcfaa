import { describe, expect, it } from "vitest";

import { EsimFormatError } from "@/lib/esim/errors";
import { imeiCheckDigit, parseImei, parseImeiWithKind } from "@/lib/esim/imei";

import { thrownBy } from "./thrown-by";

function errorCodeOf(input: string): unknown {
  const error = thrownBy(() => parseImei(input));
  return error instanceof EsimFormatError ? error.code : error;
}

describe("parseImeiWithKind", () => {
  it("accepts 15-digit IMEI", () => {
    expect(parseImeiWithKind("490154203237518")).toEqual({
      imei: "490154203237518",
      kind: "imei",
    });
  });

  it("accepts 16-digit IMEISV", () => {
    expect(parseImeiWithKind("4901542032375101")).toEqual({
      imei: "4901542032375101",
      kind: "imeisv",
    });
  });
});

describe("parseImei", () => {
  it("returns digits only", () => {
    expect(parseImei("490154203237518")).toBe("490154203237518");
  });

  it("removes dashes of label grouping", () => {
    expect(parseImei("49-015420-323751-8")).toBe("490154203237518");
  });

  it("removes spaces", () => {
    expect(parseImei(" 49 015420 323751 8 ")).toBe("490154203237518");
  });

  it("rejects wrong check digit", () => {
    expect(errorCodeOf("490154203237519")).toBe("IMEI_CHECK_DIGIT");
  });

  it("rejects 14 digits", () => {
    expect(errorCodeOf("49015420323751")).toBe("IMEI_LENGTH");
  });

  it("rejects 17 digits", () => {
    expect(errorCodeOf("49015420323751811")).toBe("IMEI_LENGTH");
  });

  it("rejects letters", () => {
    expect(errorCodeOf("49015420323751A")).toBe("IMEI_NON_DIGIT");
  });

  it("rejects empty input", () => {
    expect(errorCodeOf("")).toBe("IMEI_EMPTY");
  });

  it("reports the field in errors", () => {
    const error = thrownBy(() => parseImei("1"));
    expect(error).toHaveProperty("field", "imei");
  });
});

describe("imeiCheckDigit", () => {
  it("computes the Luhn digit", () => {
    expect(imeiCheckDigit("49015420323751")).toBe(8);
  });

  it("rejects 15 digits", () => {
    const error = thrownBy(() => imeiCheckDigit("490154203237518"));
    expect(error).toHaveProperty("code", "IMEI_PREFIX_FORMAT");
  });
});
