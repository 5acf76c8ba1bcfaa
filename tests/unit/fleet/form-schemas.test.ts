import { describe, expect, test } from "vitest";

import { eidTypingProblem, imeiTypingProblem } from "@/lib/fleet/field-checks";
import {
  provisionProfileSchema,
  revokeProfileSchema,
  transferProfileSchema,
} from "@/lib/fleet/form-schemas";

const KEY = "5b0c1c1e-7f3c-4a9e-9a44-0b9e2c3d4e5f";

describe("eidTypingProblem", () => {
  test("silent while digits are incomplete", () => {
    expect(eidTypingProblem("8904903212")).toBeNull();
  });

  test("flags wrong check digits", () => {
    expect(eidTypingProblem("89049032123451234512345678901234")).toContain(
      "check digits",
    );
  });

  test("flags letters at once", () => {
    expect(eidTypingProblem("8904a")).not.toBeNull();
  });

  test("accepts GSMA test EID", () => {
    expect(eidTypingProblem("89049032123451234512345678901235")).toBeNull();
  });
});

describe("imeiTypingProblem", () => {
  test("flags wrong Luhn digit", () => {
    expect(imeiTypingProblem("352099001761482")).toContain("Luhn");
  });

  test("accepts dashed IMEI", () => {
    expect(imeiTypingProblem("35-209900-176148-1")).toBeNull();
  });
});

describe("provisionProfileSchema", () => {
  const valid = {
    idempotencyKey: KEY,
    carrierId: "carrier-a",
    profileType: "consumer-5g",
    eid: "",
    confirmationCode: "",
    deviceName: "Tablet 1",
    imei: "",
    owner: "",
    ownerEmail: "",
    group: "",
  };

  test("empty optional fields are absent", () => {
    const parsed = provisionProfileSchema.parse(valid);
    expect(parsed.eid).toBeUndefined();
    expect(parsed.ownerEmail).toBeUndefined();
  });

  test("rejects EID check digits", () => {
    const result = provisionProfileSchema.safeParse({
      ...valid,
      eid: "89049032123451234512345678901234",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["eid"]);
  });

  test("rejects bad IMEI", () => {
    const result = provisionProfileSchema.safeParse({
      ...valid,
      imei: "352099001761482",
    });
    expect(result.error?.issues[0]?.path).toEqual(["imei"]);
  });

  test("rejects missing device name", () => {
    const result = provisionProfileSchema.safeParse({ ...valid, deviceName: " " });
    expect(result.error?.issues[0]?.path).toEqual(["deviceName"]);
  });

  test("rejects non-uuid idempotency key", () => {
    const result = provisionProfileSchema.safeParse({
      ...valid,
      idempotencyKey: "1",
    });
    expect(result.error?.issues[0]?.path).toEqual(["idempotencyKey"]);
  });

  test("rejects control characters in owner", () => {
    const result = provisionProfileSchema.safeParse({
      ...valid,
      owner: "Ada\u0007",
    });
    expect(result.error?.issues[0]?.path).toEqual(["owner"]);
  });

  test("keeps script text as plain text", () => {
    const parsed = provisionProfileSchema.parse({
      ...valid,
      deviceName: "<script>alert(1)</script>",
    });
    expect(parsed.deviceName).toBe("<script>alert(1)</script>");
  });
});

describe("transferProfileSchema", () => {
  test("normalises ICCID padding", () => {
    const parsed = transferProfileSchema.parse({
      idempotencyKey: KEY,
      iccid: "8988211000000530082F",
      newEid: "89049032123451234512345678901235",
      reason: "Device replaced",
    });
    expect(parsed.iccid).toBe("8988211000000530082");
  });

  test("requires a reason", () => {
    const result = transferProfileSchema.safeParse({
      idempotencyKey: KEY,
      iccid: "8988211000000530082",
      newEid: "89049032123451234512345678901235",
      reason: "",
    });
    expect(result.error?.issues[0]?.path).toEqual(["reason"]);
  });
});

describe("revokeProfileSchema", () => {
  test("rejects unknown final status", () => {
    const result = revokeProfileSchema.safeParse({
      idempotencyKey: KEY,
      iccid: "8988211000000530082",
      finalProfileStatusIndicator: "Deleted",
      reason: "Lost device",
    });
    expect(result.error?.issues[0]?.path).toEqual([
      "finalProfileStatusIndicator",
    ]);
  });
});
