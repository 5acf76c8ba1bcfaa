import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { isLuhnValid, luhnCheckDigit } from "@/lib/esim/luhn";

describe("luhnCheckDigit", () => {
  it("computes textbook check digit", () => {
    expect(luhnCheckDigit("7992739871")).toBe(3);
  });

  it("computes zero check digit", () => {
    expect(luhnCheckDigit("0")).toBe(0);
  });

  it("rejects empty input", () => {
    expect(() => luhnCheckDigit("")).toThrow(RangeError);
  });

  it("rejects non-digit input", () => {
    expect(() => luhnCheckDigit("12a4")).toThrow(RangeError);
  });

  it("always produces a valid number", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,40}$/), (digits) => {
        expect(isLuhnValid(digits + luhnCheckDigit(digits))).toBe(true);
      }),
    );
  });

  it("detects every single-digit change", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,30}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (payload, position, shift) => {
          const valid = payload + luhnCheckDigit(payload);
          const index = position % valid.length;
          const changed = (Number(valid[index]) + shift) % 10;
          const corrupted =
            valid.slice(0, index) + changed + valid.slice(index + 1);
          expect(isLuhnValid(corrupted)).toBe(false);
        },
      ),
    );
  });
});

describe("isLuhnValid", () => {
  it("accepts textbook number", () => {
    expect(isLuhnValid("79927398713")).toBe(true);
  });

  it("rejects wrong check digit", () => {
    expect(isLuhnValid("79927398710")).toBe(false);
  });

  it("rejects empty string", () => {
    expect(isLuhnValid("")).toBe(false);
  });

  it("rejects single digit", () => {
    expect(isLuhnValid("0")).toBe(false);
  });

  it("rejects non-digit characters", () => {
    expect(isLuhnValid("7992739871a")).toBe(false);
  });
});
