import { describe, expect, it } from "vitest";
import {
  parseDownloadProgressNotification,
  type DownloadProgressParseResult,
} from "@/lib/smdp/download-progress";
import { stateChangeForNotification } from "@/lib/smdp/notification-state-change";

const STANDARD = {
  header: {
    functionRequesterIdentifier: "smdp.example",
    functionCallIdentifier: "n-1",
  },
  eid: "89049032123451234512345678901235",
  iccid: "8988211000000530082",
  profileType: "consumer",
  timestamp: "2026-03-01T10:15:30Z",
  notificationPointId: 3,
  notificationPointStatus: { status: "Executed-Success" },
};

function accepted(result: DownloadProgressParseResult | undefined) {
  if (result === undefined || !result.ok) {
    throw new Error(
      `Expected an accepted notification, got ${JSON.stringify(result)}`,
    );
  }
  return result;
}

function rejected(result: DownloadProgressParseResult) {
  if (result.ok) {
    throw new Error(
      `Expected a rejected notification, got ${JSON.stringify(result)}`,
    );
  }
  return result;
}

function parse(overrides: Record<string, unknown>, without: string[] = []) {
  const body: Record<string, unknown> = { ...STANDARD, ...overrides };
  for (const field of without) {
    delete body[field];
  }
  return parseDownloadProgressNotification(body);
}

describe("parseDownloadProgressNotification", () => {
  it("standard notification parses cleanly", () => {
    const result = parse({});

    expect(accepted(result).notification).toEqual({
      functionRequesterIdentifier: "smdp.example",
      functionCallIdentifier: "n-1",
      eid: STANDARD.eid,
      iccid: STANDARD.iccid,
      profileType: "consumer",
      timestamp: "2026-03-01T10:15:30.000Z",
      notificationPointId: 3,
      notificationPointStatus: { status: "Executed-Success" },
      resultData: null,
    });
    expect(accepted(result).normalisations).toEqual([]);
  });

  it("timeStamp field is renamed", () => {
    const result = parse({ timeStamp: "2026-03-01T10:15:30Z" }, ["timestamp"]);

    expect(accepted(result).notification.timestamp).toBe(
      "2026-03-01T10:15:30.000Z",
    );
    expect(accepted(result).normalisations).toContain(
      "timeStamp renamed to timestamp",
    );
  });

  it("epoch seconds are converted", () => {
    const result = parse({ timestamp: 1772360130 });

    expect(accepted(result).notification.timestamp).toBe(
      "2026-03-01T10:15:30.000Z",
    );
    expect(accepted(result).normalisations).toContain(
      "epoch seconds converted",
    );
  });

  it("epoch milliseconds are converted", () => {
    const result = parse({ timestamp: 1772360130000 });

    expect(accepted(result).notification.timestamp).toBe(
      "2026-03-01T10:15:30.000Z",
    );
    expect(accepted(result).normalisations).toContain(
      "epoch milliseconds converted",
    );
  });

  it("epoch seconds as string convert", () => {
    const result = parse({ timestamp: "1772360130" });

    expect(accepted(result).notification.timestamp).toBe(
      "2026-03-01T10:15:30.000Z",
    );
    expect(accepted(result).normalisations).toContain(
      "timestamp given as a numeric string",
    );
  });

  it("offset timestamp converts to UTC", () => {
    const result = parse({ timestamp: "2026-03-01T12:15:30+02:00" });

    expect(accepted(result).notification.timestamp).toBe(
      "2026-03-01T10:15:30.000Z",
    );
    expect(accepted(result).normalisations).toContain(
      "timestamp offset converted to UTC",
    );
  });

  it("zone-less timestamp is rejected", () => {
    const result = parse({ timestamp: "2026-03-01T10:15:30" });

    expect(rejected(result).error.code).toBe("NOTIFICATION_TIMESTAMP_INVALID");
  });

  it("missing timestamp is rejected", () => {
    const result = parse({}, ["timestamp"]);

    expect(rejected(result).error.field).toBe("timestamp");
  });

  it("point id as string is accepted", () => {
    const result = parse({ notificationPointId: "4" });

    expect(accepted(result).notification.notificationPointId).toBe(4);
    expect(accepted(result).normalisations).toContain(
      "notificationPointId given as a string",
    );
  });

  it.each([5, 101, 102, 150])("carrier point id %i is accepted", (id) => {
    const result = parse({ notificationPointId: id });

    expect(accepted(result).notification.notificationPointId).toBe(id);
    expect(accepted(result).normalisations).toContain(
      `carrier-specific notificationPointId ${id}`,
    );
  });

  it("negative point id is rejected", () => {
    const result = parse({ notificationPointId: -1 });

    expect(rejected(result).error.code).toBe("NOTIFICATION_POINT_ID_INVALID");
  });

  it.each(["F", "f"])("trailing %s is removed", (padding) => {
    const result = parse({ iccid: `${STANDARD.iccid}${padding}` });

    expect(accepted(result).notification.iccid).toBe(STANDARD.iccid);
    expect(accepted(result).normalisations).toContain(
      "trailing F removed from iccid",
    );
  });

  it("Luhn failure is a normalisation note", () => {
    const result = parse({ iccid: "8900000000000099999" });

    expect(accepted(result).notification.iccid).toBe("8900000000000099999");
    expect(accepted(result).normalisations).toContain(
      "iccid warning ICCID_LUHN",
    );
  });

  it("invalid ICCID is rejected", () => {
    const result = parse({ iccid: "01234567890123456789" });

    expect(rejected(result).error).toMatchObject({
      code: "NOTIFICATION_ICCID_INVALID",
      field: "iccid",
    });
  });

  it("extra fields are listed", () => {
    const result = parse({ tac: "35332011", imei: "353320110000006" });

    expect(accepted(result).normalisations).toContain(
      "extra fields ignored: tac, imei",
    );
  });

  it("invalid EID is dropped with note", () => {
    const result = parse({ eid: "89049032123451234512345678901234" });

    expect(accepted(result).notification.eid).toBeNull();
    expect(accepted(result).normalisations).toContain("invalid eid ignored");
  });

  it("missing EID and type become null", () => {
    const result = parse({}, ["eid", "profileType"]);

    expect(accepted(result).notification.eid).toBeNull();
    expect(accepted(result).notification.profileType).toBeNull();
  });

  it("failure keeps its status codes", () => {
    const result = parse({
      notificationPointStatus: {
        status: "Failed",
        statusCodeData: {
          subjectCode: "8.8.5",
          reasonCode: "3.8",
          message: "rejected",
        },
      },
    });

    expect(accepted(result).notification.notificationPointStatus).toEqual({
      status: "Failed",
      statusCodeData: {
        subjectCode: "8.8.5",
        reasonCode: "3.8",
        message: "rejected",
      },
    });
  });

  it("resultData is kept", () => {
    const result = parse({ resultData: "vyeBAg==" });

    expect(accepted(result).notification.resultData).toBe("vyeBAg==");
  });

  it("unknown status is rejected", () => {
    const result = parse({ notificationPointStatus: { status: "OK" } });

    expect(rejected(result).error.field).toBe("notificationPointStatus.status");
  });

  it("missing header is rejected", () => {
    const result = parse({}, ["header"]);

    expect(rejected(result).error.code).toBe("NOTIFICATION_HEADER_INVALID");
  });

  it.each([null, "text", 42, []])("non-object body %j is rejected", (body) => {
    const result = parseDownloadProgressNotification(body);

    expect(rejected(result).error.code).toBe("NOTIFICATION_NOT_OBJECT");
  });
});

describe("stateChangeForNotification", () => {
  it.each([
    [
      1,
      "Executed-Success",
      { kind: "none", reason: "eligibility check passed" },
    ],
    [1, "Failed", { kind: "smdp-state", state: "Error" }],
    [2, "Failed", { kind: "smdp-state", state: "Error" }],
    [3, "Executed-Success", { kind: "smdp-state", state: "Downloaded" }],
    [3, "Executed-WithWarning", { kind: "smdp-state", state: "Downloaded" }],
    [3, "Expired", { kind: "smdp-state", state: "Error" }],
    [4, "Executed-Success", { kind: "smdp-state", state: "Installed" }],
    [4, "Failed", { kind: "smdp-state", state: "Error" }],
    [5, "Executed-Success", { kind: "device", change: "deleted" }],
    [101, "Executed-Success", { kind: "device", change: "enabled" }],
    [102, "Executed-Success", { kind: "device", change: "disabled" }],
  ] as const)("point %i with %s", (id, status, expected) => {
    expect(stateChangeForNotification(id, status)).toEqual(expected);
  });

  it("failed carrier point changes nothing", () => {
    expect(stateChangeForNotification(101, "Failed").kind).toBe("none");
  });

  it("unknown point changes nothing", () => {
    expect(stateChangeForNotification(150, "Executed-Success").kind).toBe(
      "none",
    );
  });
});
