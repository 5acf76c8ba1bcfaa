import { describe, expect, test } from "vitest";

import {
  FLEET_CSV_COLUMNS,
  fleetCsvFileName,
  fleetCsvRecord,
  neutralizeFormula,
} from "@/lib/fleet/fleet-csv";
import type { Profile } from "@/lib/store/types";

const PROFILE: Profile = {
  organizationId: "org-1",
  iccid: "8988211000000530082",
  eid: "89049032123451234512345678901235",
  carrierId: "carrier-a",
  profileType: "consumer-5g",
  smdpState: "Installed",
  portalStatus: "Active",
  matchingId: "04386-AGYFT-A74Y8-3F815",
  activationCode: "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815",
  confirmationCodeRequired: false,
  deviceName: "Field tablet 7",
  imei: "352099001761481",
  owner: "Ada Lovelace",
  ownerEmail: "ada@example.com",
  group: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-02-03T04:05:06.000Z",
};

describe("fleetCsvRecord", () => {
  test("maps table columns", () => {
    expect(fleetCsvRecord(PROFILE)).toEqual({
      iccid: "8988211000000530082",
      eid: "89049032123451234512345678901235",
      carrier: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Installed",
      portalStatus: "Active",
      deviceName: "Field tablet 7",
      owner: "Ada Lovelace",
      group: "",
      updatedAt: "2026-02-03T04:05:06.000Z",
    });
  });

  test("omits activation code", () => {
    const values = Object.values(fleetCsvRecord(PROFILE));
    expect(values.some((value) => value.includes("SMDP.GSMA.COM"))).toBe(false);
  });

  test("omits owner e-mail and IMEI", () => {
    const values = Object.values(fleetCsvRecord(PROFILE));
    expect(values).not.toContain("ada@example.com");
    expect(values).not.toContain("352099001761481");
  });

  test("neutralises formula in device name", () => {
    const record = fleetCsvRecord({ ...PROFILE, deviceName: "=HYPERLINK(1)" });
    expect(record.deviceName).toBe("'=HYPERLINK(1)");
  });

  test("header names use field terms", () => {
    const headers = FLEET_CSV_COLUMNS.map((column) => column.header);
    expect(headers).toContain("ICCID");
    expect(headers).toContain("EID");
    expect(headers).toContain("SM-DP+ state");
  });
});

describe("neutralizeFormula", () => {
  test.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])(
    "prefixes %j",
    (value) => {
      expect(neutralizeFormula(value)).toBe(`'${value}`);
    },
  );

  test("leaves plain text alone", () => {
    expect(neutralizeFormula("Ada 1-2")).toBe("Ada 1-2");
  });
});

describe("fleetCsvFileName", () => {
  test("stamps UTC time", () => {
    expect(fleetCsvFileName(new Date("2026-02-03T04:05:06.789Z"))).toBe(
      "fleet-2026-02-03-04-05-06.csv",
    );
  });
});
