import { describe, expect, it } from "vitest";

import { canonicalJson } from "@/lib/audit/canonical-json";

describe("canonicalJson", () => {
  it("sorts object keys", () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("sorts nested keys", () => {
    expect(canonicalJson({ z: { y: 1, x: [{ b: 1, a: 2 }] } })).toBe(
      '{"z":{"x":[{"a":2,"b":1}],"y":1}}',
    );
  });

  it("omits undefined members", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it("undefined array item becomes null", () => {
    expect(canonicalJson([undefined])).toBe("[null]");
  });

  it("escapes strings as JSON", () => {
    expect(canonicalJson('a"\n')).toBe('"a\\"\\n"');
  });

  it("rejects non-finite numbers", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });

  it("key order does not change output", () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(
      canonicalJson({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });
});
