import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  buildActivationCode,
  formatActivationCode,
  parseActivationCode,
  type ActivationCode,
} from "@/lib/esim/activation-code";
import { EsimFormatError } from "@/lib/esim/errors";

import { thrownBy } from "./thrown-by";

const MATCHING_ID = "04386-AGYFT-A74Y8-3F815";
const OID = "1.3.6.1.4.1.31746";

function errorOf(input: string): EsimFormatError {
  const error = thrownBy(() => parseActivationCode(input));
  if (!(error instanceof EsimFormatError)) {
    throw new Error(`Expected EsimFormatError, got ${String(error)}`);
  }
  return error;
}

describe("parseActivationCode", () => {
  it("parses code without OID", () => {
    expect(parseActivationCode(`1$SMDP.GSMA.COM$${MATCHING_ID}`)).toEqual({
      format: "1",
      smdpAddress: "SMDP.GSMA.COM",
      matchingId: MATCHING_ID,
      smdpOid: null,
      confirmationCodeRequired: false,
    });
  });

  it("parses flag with empty OID", () => {
    expect(parseActivationCode(`1$SMDP.GSMA.COM$${MATCHING_ID}$$1`)).toEqual({
      format: "1",
      smdpAddress: "SMDP.GSMA.COM",
      matchingId: MATCHING_ID,
      smdpOid: null,
      confirmationCodeRequired: true,
    });
  });

  it("parses OID and flag", () => {
    expect(
      parseActivationCode(`1$SMDP.GSMA.COM$${MATCHING_ID}$${OID}$1`),
    ).toEqual({
      format: "1",
      smdpAddress: "SMDP.GSMA.COM",
      matchingId: MATCHING_ID,
      smdpOid: OID,
      confirmationCodeRequired: true,
    });
  });

  it("keeps empty matching ID", () => {
    expect(parseActivationCode(`1$SMDP.GSMA.COM$$${OID}`)).toEqual({
      format: "1",
      smdpAddress: "SMDP.GSMA.COM",
      matchingId: "",
      smdpOid: OID,
      confirmationCodeRequired: false,
    });
  });

  it("accepts upper-case LPA prefix", () => {
    const code = parseActivationCode(`LPA:1$SMDP.GSMA.COM$${MATCHING_ID}`);
    expect(code.matchingId).toBe(MATCHING_ID);
  });

  it("accepts lower-case LPA prefix", () => {
    const code = parseActivationCode(`lpa:1$SMDP.GSMA.COM$${MATCHING_ID}`);
    expect(code.smdpAddress).toBe("SMDP.GSMA.COM");
  });

  it("accepts mixed-case LPA prefix", () => {
    const code = parseActivationCode(`LpA:1$SMDP.GSMA.COM$${MATCHING_ID}`);
    expect(code.smdpAddress).toBe("SMDP.GSMA.COM");
  });

  it("trims whitespace around fields", () => {
    const code = parseActivationCode(
      ` LPA: 1 $ SMDP.GSMA.COM $ ${MATCHING_ID} $ $ 1 \n`,
    );
    expect(code).toEqual({
      format: "1",
      smdpAddress: "SMDP.GSMA.COM",
      matchingId: MATCHING_ID,
      smdpOid: null,
      confirmationCodeRequired: true,
    });
  });

  it("ignores trailing empty fields", () => {
    const code = parseActivationCode(`1$SMDP.GSMA.COM$${MATCHING_ID}$$`);
    expect(code.confirmationCodeRequired).toBe(false);
  });

  it("accepts missing matching ID field", () => {
    expect(parseActivationCode("1$smdp.example.com").matchingId).toBe("");
  });

  it("keeps lower-case host", () => {
    const code = parseActivationCode(`1$smdp.example.com$${MATCHING_ID}`);
    expect(code.smdpAddress).toBe("smdp.example.com");
  });

  it("accepts exactly 255 characters", () => {
    const code = `1$smdp.example.com$${"A".repeat(255 - 19)}`;
    expect(parseActivationCode(code).matchingId).toHaveLength(255 - 19);
  });

  it("excludes LPA prefix from limit", () => {
    const code = `LPA:1$smdp.example.com$${"A".repeat(255 - 19)}`;
    expect(parseActivationCode(code).matchingId).toHaveLength(255 - 19);
  });

  it("excludes tolerated whitespace from limit", () => {
    const code = `1 $ smdp.example.com $ ${"A".repeat(255 - 19)}`;
    expect(parseActivationCode(code).matchingId).toHaveLength(255 - 19);
  });

  it("rejects 256 characters", () => {
    const code = `1$smdp.example.com$${"A".repeat(256 - 19)}`;
    expect(errorOf(code).code).toBe("ACTIVATION_CODE_TOO_LONG");
  });

  it("rejects empty input", () => {
    expect(errorOf("").code).toBe("ACTIVATION_CODE_EMPTY");
  });

  it("rejects bare LPA prefix", () => {
    expect(errorOf("LPA:").code).toBe("ACTIVATION_CODE_EMPTY");
  });

  it("rejects format digit 2", () => {
    expect(errorOf(`2$SMDP.GSMA.COM$${MATCHING_ID}`).code).toBe(
      "ACTIVATION_CODE_FORMAT",
    );
  });

  it("rejects missing format digit", () => {
    expect(errorOf(`$SMDP.GSMA.COM$${MATCHING_ID}`).code).toBe(
      "ACTIVATION_CODE_FORMAT",
    );
  });

  it("rejects text without delimiters", () => {
    expect(errorOf("hello world").code).toBe("ACTIVATION_CODE_FORMAT");
  });

  it("rejects empty address", () => {
    expect(errorOf(`1$$${MATCHING_ID}`).code).toBe(
      "ACTIVATION_CODE_ADDRESS_MISSING",
    );
  });

  it("rejects format digit alone", () => {
    expect(errorOf("1").code).toBe("ACTIVATION_CODE_ADDRESS_MISSING");
  });

  it("rejects whitespace inside address", () => {
    expect(errorOf(`1$SMDP GSMA.COM$${MATCHING_ID}`).code).toBe(
      "ACTIVATION_CODE_ADDRESS_INVALID",
    );
  });

  it("rejects tab inside code", () => {
    expect(errorOf(`1$SMDP.GSMA.COM$04386\tAGYFT`).code).toBe(
      "ACTIVATION_CODE_CONTROL_CHARACTER",
    );
  });

  it("rejects NUL inside code", () => {
    expect(errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}\u0000`).code).toBe(
      "ACTIVATION_CODE_CONTROL_CHARACTER",
    );
  });

  it("rejects line break between fields", () => {
    expect(errorOf(`1$SMDP.GSMA.COM\n$${MATCHING_ID}`).code).toBe(
      "ACTIVATION_CODE_CONTROL_CHARACTER",
    );
  });

  it("rejects six fields", () => {
    expect(errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}$${OID}$1$x`).code).toBe(
      "ACTIVATION_CODE_TOO_MANY_FIELDS",
    );
  });

  it("rejects flag 2", () => {
    expect(errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}$$2`).code).toBe(
      "ACTIVATION_CODE_FLAG",
    );
  });

  it("rejects flag word", () => {
    expect(errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}$$true`).code).toBe(
      "ACTIVATION_CODE_FLAG",
    );
  });

  it("reports the field in errors", () => {
    expect(errorOf("2$x$y").field).toBe("activationCode");
  });

  it("keeps matching ID out of errors", () => {
    const error = errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}$${OID}$1$x`);
    expect(error.value).not.toContain("AGYFT");
  });

  it("keeps matching ID out of messages", () => {
    const error = errorOf(`1$SMDP.GSMA.COM$${MATCHING_ID}\u0007`);
    expect(error.message).not.toContain("AGYFT");
  });

  it("escapes control characters in value", () => {
    const error = errorOf("1$SMDP\u0007.GSMA.COM");
    expect(error.value).toBe("1$SMDP\\u{7}.GSMA.COM");
  });

  it("names the position of control character", () => {
    const error = errorOf("1$SMDP\u0007.GSMA.COM");
    expect(error.message).toContain("position 7");
  });
});

describe("formatActivationCode", () => {
  it.each([
    `1$SMDP.GSMA.COM$${MATCHING_ID}`,
    `1$SMDP.GSMA.COM$${MATCHING_ID}$$1`,
    `1$SMDP.GSMA.COM$${MATCHING_ID}$${OID}$1`,
    `1$SMDP.GSMA.COM$$${OID}`,
  ])("reproduces public code %s", (text) => {
    expect(formatActivationCode(parseActivationCode(text))).toBe(text);
  });

  it("writes empty OID before flag", () => {
    const text = formatActivationCode({
      format: "1",
      smdpAddress: "smdp.example.com",
      matchingId: "ABC",
      smdpOid: null,
      confirmationCodeRequired: true,
    });
    expect(text).toBe("1$smdp.example.com$ABC$$1");
  });

  it("drops trailing empty fields", () => {
    const code = parseActivationCode("1$smdp.example.com$ABC$ $ ");
    expect(formatActivationCode(code)).toBe("1$smdp.example.com$ABC");
  });

  it("keeps empty matching ID delimiter", () => {
    const code = parseActivationCode("1$smdp.example.com");
    expect(formatActivationCode(code)).toBe("1$smdp.example.com$");
  });

  it("adds LPA prefix on request", () => {
    const code = parseActivationCode("1$smdp.example.com$ABC");
    expect(formatActivationCode(code, { lpaPrefix: true })).toBe(
      "LPA:1$smdp.example.com$ABC",
    );
  });

  it("rejects dollar in address", () => {
    const error = thrownBy(() =>
      formatActivationCode({
        format: "1",
        smdpAddress: "smdp$example.com",
        matchingId: "ABC",
        smdpOid: null,
        confirmationCodeRequired: false,
      }),
    );
    expect(error).toHaveProperty("code", "ACTIVATION_CODE_FIELD_INVALID");
  });

  it("rejects dollar in matching ID", () => {
    const error = thrownBy(() =>
      formatActivationCode({
        format: "1",
        smdpAddress: "smdp.example.com",
        matchingId: "AB$C",
        smdpOid: null,
        confirmationCodeRequired: false,
      }),
    );
    expect(error).toHaveProperty("code", "ACTIVATION_CODE_FIELD_INVALID");
  });

  it("keeps matching ID out of field errors", () => {
    const error = thrownBy(() =>
      formatActivationCode({
        format: "1",
        smdpAddress: "smdp.example.com",
        matchingId: "SECRET$TOKEN",
        smdpOid: null,
        confirmationCodeRequired: false,
      }),
    );
    expect(error).toHaveProperty("value", "");
  });

  it("rejects empty address", () => {
    const error = thrownBy(() =>
      formatActivationCode({
        format: "1",
        smdpAddress: " ",
        matchingId: "ABC",
        smdpOid: null,
        confirmationCodeRequired: false,
      }),
    );
    expect(error).toHaveProperty("code", "ACTIVATION_CODE_ADDRESS_MISSING");
  });

  it("rejects overlong result", () => {
    const error = thrownBy(() =>
      formatActivationCode({
        format: "1",
        smdpAddress: "smdp.example.com",
        matchingId: "A".repeat(300),
        smdpOid: null,
        confirmationCodeRequired: false,
      }),
    );
    expect(error).toHaveProperty("code", "ACTIVATION_CODE_TOO_LONG");
  });
});

describe("buildActivationCode", () => {
  it("uses response SM-DP+ address", () => {
    const text = buildActivationCode({
      smdpAddress: "smdp.carrier.example",
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: false,
    });
    expect(text).toBe("1$smdp.carrier.example$ABC-123");
  });

  it("falls back when address absent", () => {
    const text = buildActivationCode({
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: false,
    });
    expect(text).toBe("1$default.carrier.example$ABC-123");
  });

  it("falls back when address empty", () => {
    const text = buildActivationCode({
      smdpAddress: "",
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: false,
    });
    expect(text).toBe("1$default.carrier.example$ABC-123");
  });

  it("falls back when address null", () => {
    const text = buildActivationCode({
      smdpAddress: null,
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: false,
    });
    expect(text).toBe("1$default.carrier.example$ABC-123");
  });

  it("adds flag for confirmation code", () => {
    const text = buildActivationCode({
      smdpAddress: "smdp.carrier.example",
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: true,
    });
    expect(text).toBe("1$smdp.carrier.example$ABC-123$$1");
  });

  it("keeps empty matching ID", () => {
    const text = buildActivationCode({
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "",
      confirmationCodeSet: false,
    });
    expect(text).toBe("1$default.carrier.example$");
  });

  it("includes SM-DP+ OID", () => {
    const text = buildActivationCode({
      smdpAddress: "smdp.carrier.example",
      defaultSmdpAddress: "default.carrier.example",
      matchingId: "ABC-123",
      confirmationCodeSet: false,
      smdpOid: OID,
    });
    expect(text).toBe(`1$smdp.carrier.example$ABC-123$${OID}`);
  });

  it("rejects when no address at all", () => {
    const error = thrownBy(() =>
      buildActivationCode({
        smdpAddress: "",
        defaultSmdpAddress: "",
        matchingId: "ABC-123",
        confirmationCodeSet: false,
      }),
    );
    expect(error).toHaveProperty("code", "ACTIVATION_CODE_ADDRESS_MISSING");
  });
});

// Characters that exercise every branch of the parser, including the
// delimiter, whitespace, the prefix letters and a control character.
const codeCharacter = fc.constantFrom(
  "1",
  "2",
  "$",
  " ",
  "L",
  "P",
  "A",
  ":",
  "a",
  ".",
  "-",
  "Z",
  "\t",
  "é",
);

const fieldText = fc
  .string({
    unit: fc.constantFrom("A", "z", "0", "9", "-", ".", "_", " ", "é"),
    maxLength: 40,
  })
  .map((text) => text.trim());

const activationCode: fc.Arbitrary<ActivationCode> = fc.record({
  format: fc.constant("1" as const),
  // Keeps the whole code under the 255-character limit.
  smdpAddress: fc.domain().filter((domain) => domain.length <= 120),
  matchingId: fieldText,
  smdpOid: fc.option(
    fieldText.filter((text) => text !== ""),
    { nil: null },
  ),
  confirmationCodeRequired: fc.boolean(),
});

describe("activation code properties", () => {
  it("parses formatted code to same fields", () => {
    fc.assert(
      fc.property(activationCode, (code) => {
        expect(parseActivationCode(formatActivationCode(code))).toEqual(code);
      }),
    );
  });

  it("reformats parsed text stably", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: codeCharacter, maxLength: 60 }),
        fc.boolean(),
        (text, lpaPrefix) => {
          let parsed: ActivationCode;
          try {
            parsed = parseActivationCode(`1$${text}`);
          } catch (error) {
            expect(error).toBeInstanceOf(EsimFormatError);
            return;
          }
          const formatted = formatActivationCode(parsed, { lpaPrefix });
          expect(parseActivationCode(formatted)).toEqual(parsed);
        },
      ),
    );
  });

  it("formats canonically after one pass", () => {
    fc.assert(
      fc.property(activationCode, (code) => {
        const once = formatActivationCode(code);
        expect(formatActivationCode(parseActivationCode(once))).toBe(once);
      }),
    );
  });
});
