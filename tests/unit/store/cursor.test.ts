import { describe, expect, it } from "vitest";

import {
  decodeCursor,
  encodeCursor,
  isKeysetPosition,
  queryFingerprint,
} from "@/lib/store/cursor";
import { InvalidCursorError } from "@/lib/store/errors";

describe("page cursor", () => {
  const fingerprint = queryFingerprint(["fleet", "org-1"]);

  it("cursor round-trips position", () => {
    const cursor = encodeCursor(fingerprint, [
      "2026-01-01T00:00:00.000Z",
      "89",
    ]);
    expect(decodeCursor(cursor, fingerprint, isKeysetPosition)).toEqual([
      "2026-01-01T00:00:00.000Z",
      "89",
    ]);
  });

  it("cursor is base64url", () => {
    expect(encodeCursor(fingerprint, ["a", "b"])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("cursor of other query rejected", () => {
    const cursor = encodeCursor(fingerprint, ["a", "b"]);
    const other = queryFingerprint(["fleet", "org-2"]);
    expect(() => decodeCursor(cursor, other, isKeysetPosition)).toThrow(
      InvalidCursorError,
    );
  });

  it("garbage cursor rejected", () => {
    expect(() => decodeCursor("!!!", fingerprint, isKeysetPosition)).toThrow(
      InvalidCursorError,
    );
  });

  it("wrong position shape rejected", () => {
    const cursor = encodeCursor(fingerprint, { offset: 10 });
    expect(() => decodeCursor(cursor, fingerprint, isKeysetPosition)).toThrow(
      InvalidCursorError,
    );
  });
});
