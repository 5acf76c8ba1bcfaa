import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Es2PlusClient } from "@/lib/smdp/es2plus-client";
import type { SimulatorHandle } from "@/tools/simulator/simulator";
import {
  connectClient,
  createTestCertificates,
  OTHER_EID,
  startTestSimulator,
  TEST_EID,
  type TestCertificates,
  expectKind,
} from "./smdp-fixture";

let certificates: TestCertificates;
let simulator: SimulatorHandle;
let client: Es2PlusClient;

beforeAll(async () => {
  certificates = await createTestCertificates();
});

beforeEach(async () => {
  simulator = await startTestSimulator(certificates);
  client = connectClient(simulator, certificates);
});

afterEach(async () => {
  client.close();
  await simulator.close();
});

async function orderedIccid(eid?: string): Promise<string> {
  const outcome = await client.downloadOrder({
    profileType: "consumer",
    ...(eid === undefined ? {} : { eid }),
  });
  if (outcome.kind !== "success") {
    throw new Error(`downloadOrder failed: ${JSON.stringify(outcome)}`);
  }
  return outcome.data.iccid;
}

function codesOf(outcome: { kind: string; statusCodeData?: unknown }) {
  return outcome.kind === "rejected" ? outcome.statusCodeData : outcome.kind;
}

describe("ES2+ functions against the simulator", () => {
  it("downloadOrder by profile type links an EID", async () => {
    const outcome = await client.downloadOrder({
      profileType: "consumer",
      eid: TEST_EID,
    });

    expect(outcome.kind).toBe("success");
    const iccid = outcome.kind === "success" ? outcome.data.iccid : "";
    expect(simulator.profile(iccid)?.state).toBe("Linked");
    expect(simulator.profile(iccid)?.eid).toBe(TEST_EID);
  });

  it("downloadOrder by ICCID without EID allocates", async () => {
    const iccid =
      simulator.profiles({ profileType: "consumer" })[2]?.iccid ?? "";

    const outcome = await client.downloadOrder({ iccid });

    expect(expectKind(outcome, "success").data.iccid).toBe(iccid);
    expect(simulator.profile(iccid)?.state).toBe("Allocated");
  });

  it("downloadOrder accepts an ICCID with F padding", async () => {
    const iccid =
      simulator.profiles({ profileType: "consumer" })[0]?.iccid ?? "";

    const outcome = await client.downloadOrder({ iccid: `${iccid}F` });

    expect(expectKind(outcome, "success").data.iccid).toBe(iccid);
  });

  it("confirmOrder without release confirms", async () => {
    const iccid = await orderedIccid(TEST_EID);

    const outcome = await client.confirmOrder({
      iccid,
      releaseFlag: false,
      confirmationCode: "1234",
    });

    expect(outcome.kind).toBe("success");
    const data = outcome.kind === "success" ? outcome.data : null;
    expect(data?.matchingId).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(data?.eid).toBe(TEST_EID);
    expect(data?.smdpAddress).toBe("localhost");
    expect(simulator.profile(iccid)?.state).toBe("Confirmed");
  });

  it("confirmOrder keeps a given matching ID", async () => {
    const iccid = await orderedIccid();

    const outcome = await client.confirmOrder({
      iccid,
      releaseFlag: true,
      matchingId: "ABCDE-12345",
    });

    expect(expectKind(outcome, "success").data.matchingId).toBe("ABCDE-12345");
    expect(simulator.profile(iccid)?.state).toBe("Released");
  });

  it("confirmOrder accepts empty matching ID with EID", async () => {
    const iccid = await orderedIccid(TEST_EID);

    const outcome = await client.confirmOrder({
      iccid,
      releaseFlag: true,
      matchingId: "",
    });

    expect(expectKind(outcome, "success").data.matchingId).toBe("");
  });

  it("confirmOrder omits smdpAddress when configured", async () => {
    await simulator.close();
    simulator = await startTestSimulator(certificates, {
      returnSmdpAddress: false,
    });
    client = connectClient(simulator, certificates);
    const iccid = await orderedIccid();

    const outcome = await client.confirmOrder({ iccid, releaseFlag: false });

    expect(outcome.kind).toBe("success");
    expect(expectKind(outcome, "success").data.smdpAddress).toBeUndefined();
  });

  it("releaseProfile releases a confirmed profile", async () => {
    const iccid = await orderedIccid();
    await client.confirmOrder({ iccid, releaseFlag: false });

    const outcome = await client.releaseProfile({ iccid });

    expect(outcome.kind).toBe("success");
    expect(simulator.profile(iccid)?.state).toBe("Released");
  });

  it("releaseProfile twice succeeds again", async () => {
    const iccid = await orderedIccid();
    await client.confirmOrder({ iccid, releaseFlag: true });

    const outcome = await client.releaseProfile({ iccid });

    expect(outcome.kind).toBe("success");
    expect(simulator.profile(iccid)?.state).toBe("Released");
  });

  it("cancelOrder returns profile to inventory", async () => {
    const iccid = await orderedIccid(TEST_EID);

    const outcome = await client.cancelOrder({
      iccid,
      eid: TEST_EID,
      finalProfileStatusIndicator: "Available",
    });

    expect(outcome.kind).toBe("success");
    expect(simulator.profile(iccid)?.state).toBe("Available");
    expect(simulator.profile(iccid)?.eid).toBeNull();
  });

  it("cancelOrder to Unavailable retires profile", async () => {
    const iccid = await orderedIccid();
    await client.confirmOrder({ iccid, releaseFlag: true });

    const outcome = await client.cancelOrder({
      iccid,
      finalProfileStatusIndicator: "Unavailable",
    });

    expect(outcome.kind).toBe("success");
    expect(simulator.profile(iccid)?.state).toBe("Unavailable");
  });

  it("counts executed orders", async () => {
    await orderedIccid();
    await orderedIccid();
    await client.downloadOrder({ profileType: "missing-type" });

    expect(simulator.ordersExecuted()).toBe(2);
    expect(simulator.executions.downloadOrder).toBe(3);
  });
});

describe("ES2+ status codes from the simulator", () => {
  it("unknown ICCID answers 8.2.1/3.9", async () => {
    const outcome = await client.releaseProfile({
      iccid: "8988211000000530082",
    });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.1",
      reasonCode: "3.9",
    });
    expect(expectKind(outcome, "rejected").diagnosis?.known).toBe(true);
  });

  it("exhausted profile type answers 8.2.5/3.7", async () => {
    await client.downloadOrder({ profileType: "single" });

    const outcome = await client.downloadOrder({ profileType: "single" });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.5",
      reasonCode: "3.7",
    });
  });

  it("unknown profile type answers 8.2.5/3.9", async () => {
    const outcome = await client.downloadOrder({ profileType: "no-such-type" });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.5",
      reasonCode: "3.9",
    });
  });

  it("ordering a reserved ICCID answers 8.2.1/3.3", async () => {
    const iccid = await orderedIccid();

    const outcome = await client.downloadOrder({ iccid });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.1",
      reasonCode: "3.3",
    });
  });

  it("EID mismatch answers 8.1.1/3.10", async () => {
    const iccid = await orderedIccid(TEST_EID);

    const outcome = await client.confirmOrder({
      iccid,
      eid: OTHER_EID,
      releaseFlag: true,
    });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.1.1",
      reasonCode: "3.10",
    });
    expect(simulator.profile(iccid)?.state).toBe("Linked");
  });

  it("empty matching ID without EID answers 8.1.1/2.2", async () => {
    const iccid = await orderedIccid();

    const outcome = await client.confirmOrder({
      iccid,
      releaseFlag: true,
      matchingId: "",
    });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.1.1",
      reasonCode: "2.2",
    });
  });

  it("cancel after download answers 8.2.1/3.3", async () => {
    await simulator.close();
    simulator = await startTestSimulator(certificates, {
      device: {
        outcome: "install",
        delaysMs: { eligibility: 0, download: 0, installation: 0 },
      },
    });
    client = connectClient(simulator, certificates);
    const iccid = await orderedIccid();
    await client.confirmOrder({ iccid, releaseFlag: true });
    await simulator.devicesSettled();

    const outcome = await client.cancelOrder({
      iccid,
      finalProfileStatusIndicator: "Available",
    });

    expect(simulator.profile(iccid)?.state).toBe("Installed");
    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.1",
      reasonCode: "3.3",
    });
  });

  it("release before confirm answers 8.2.1/3.5", async () => {
    const iccid = await orderedIccid();

    const outcome = await client.releaseProfile({ iccid });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.1",
      reasonCode: "3.5",
    });
  });

  it("confirming twice answers 8.2.1/3.5", async () => {
    const iccid = await orderedIccid();
    await client.confirmOrder({ iccid, releaseFlag: false });

    const outcome = await client.confirmOrder({ iccid, releaseFlag: false });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.1",
      reasonCode: "3.5",
    });
  });

  it("conflicting matching ID answers 8.2.6/3.3", async () => {
    const first = await orderedIccid();
    const second = await orderedIccid();
    await client.confirmOrder({
      iccid: first,
      releaseFlag: false,
      matchingId: "SAME-ID",
    });

    const outcome = await client.confirmOrder({
      iccid: second,
      releaseFlag: false,
      matchingId: "SAME-ID",
    });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.6",
      reasonCode: "3.3",
    });
  });

  it("cancel with other matching ID answers 8.2.6/3.10", async () => {
    const iccid = await orderedIccid();
    await client.confirmOrder({
      iccid,
      releaseFlag: false,
      matchingId: "OWN-ID",
    });

    const outcome = await client.cancelOrder({
      iccid,
      matchingId: "OTHER-ID",
      finalProfileStatusIndicator: "Available",
    });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.2.6",
      reasonCode: "3.10",
    });
  });

  it("forced status fault answers its codes", async () => {
    simulator.injectFault({
      fault: { kind: "status", subjectCode: "8.9", reasonCode: "5.1" },
    });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(codesOf(outcome)).toMatchObject({
      subjectCode: "8.9",
      reasonCode: "5.1",
    });
    expect(simulator.ordersExecuted()).toBe(0);
  });

  it("Expired status is a rejection", async () => {
    simulator.injectFault({
      fault: {
        kind: "status",
        subjectCode: "8.8.5",
        reasonCode: "4.10",
        executionStatus: "Expired",
      },
    });

    const outcome = await client.releaseProfile({
      iccid: "8988211000000530082",
    });

    expect(expectKind(outcome, "rejected").executionStatus).toBe("Expired");
  });
});
