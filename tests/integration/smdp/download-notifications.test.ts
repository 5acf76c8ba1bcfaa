import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  parseDownloadProgressNotification,
  type DownloadProgressParseResult,
} from "@/lib/smdp/download-progress";
import { HANDLE_DOWNLOAD_PROGRESS_INFO_PATH } from "@/lib/smdp/es2plus-types";
import type { Es2PlusClient } from "@/lib/smdp/es2plus-client";
import type {
  SimulatorHandle,
  SimulatorOptions,
} from "@/tools/simulator/simulator";
import {
  connectClient,
  createTestCertificates,
  startTestSimulator,
  TEST_EID,
  type TestCertificates,
} from "./smdp-fixture";

interface Received {
  path: string;
  clientCommonName: unknown;
  body: unknown;
}

let certificates: TestCertificates;
let receiver: https.Server;
let receiverUrl: string;
const received: Received[] = [];
let simulator: SimulatorHandle | undefined;
let client: Es2PlusClient | undefined;

beforeAll(async () => {
  certificates = await createTestCertificates();
  // The portal side: localhost server certificate, carrier client certs only.
  receiver = https.createServer(
    { ...certificates.server, requestCert: true, rejectUnauthorized: true },
    (request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => (text += chunk.toString()));
      request.on("end", () => {
        const peer = (request.socket as TLSSocket).getPeerCertificate();
        received.push({
          path: request.url ?? "",
          clientCommonName: peer.subject?.CN,
          body: JSON.parse(text),
        });
        response.writeHead(204);
        response.end();
      });
    },
  );
  await new Promise<void>((resolve) =>
    receiver.listen(0, "127.0.0.1", resolve),
  );
  const { port } = receiver.address() as AddressInfo;
  receiverUrl = `https://localhost:${port}${HANDLE_DOWNLOAD_PROGRESS_INFO_PATH}`;
});

afterEach(async () => {
  client?.close();
  await simulator?.close();
  received.length = 0;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

async function releaseOneProfile(
  device: SimulatorOptions["device"],
): Promise<string> {
  simulator = await startTestSimulator(certificates, {
    notificationUrl: receiverUrl,
    device,
  });
  client = connectClient(simulator, certificates);
  const order = await client.downloadOrder({
    profileType: "consumer",
    eid: TEST_EID,
  });
  const iccid = order.kind === "success" ? order.data.iccid : "";
  await client.confirmOrder({ iccid, releaseFlag: true });
  await simulator.devicesSettled();
  return iccid;
}

function accepted(result: DownloadProgressParseResult | undefined) {
  if (result === undefined || !result.ok) {
    throw new Error(
      `Expected an accepted notification, got ${JSON.stringify(result)}`,
    );
  }
  return result;
}

const NO_DELAYS = { eligibility: 0, download: 10, installation: 10 };

function parsedPoints() {
  return received.map((entry) => {
    const result = parseDownloadProgressNotification(entry.body);
    return result.ok
      ? [
          result.notification.notificationPointId,
          result.notification.notificationPointStatus.status,
        ]
      : [result.error.code, null];
  });
}

describe("download progress notifications", () => {
  it("installation posts points 1, 3, 4", async () => {
    const iccid = await releaseOneProfile({
      outcome: "install",
      delaysMs: NO_DELAYS,
    });

    expect(parsedPoints()).toEqual([
      [1, "Executed-Success"],
      [3, "Executed-Success"],
      [4, "Executed-Success"],
    ]);
    expect(simulator?.profile(iccid)?.state).toBe("Installed");
  });

  it("notifications use carrier client certificate", async () => {
    await releaseOneProfile({ outcome: "install", delaysMs: NO_DELAYS });

    expect(received[0]?.clientCommonName).toBe("carrier-test");
    expect(received[0]?.path).toBe(HANDLE_DOWNLOAD_PROGRESS_INFO_PATH);
    expect(simulator?.notifications.map((entry) => entry.httpStatus)).toEqual([
      204, 204, 204,
    ]);
  });

  it("notification carries ICCID, EID and type", async () => {
    const iccid = await releaseOneProfile({
      outcome: "install",
      delaysMs: NO_DELAYS,
    });

    const result = parseDownloadProgressNotification(received[2]?.body);

    expect(accepted(result).notification).toMatchObject({
      iccid,
      eid: TEST_EID,
      profileType: "consumer",
    });
    expect(accepted(result).notification.resultData).toMatch(
      /^[A-Za-z0-9+/]+=*$/,
    );
    expect(accepted(result).normalisations).toEqual([]);
  });

  it("user rejection posts a failed point 3", async () => {
    const iccid = await releaseOneProfile({
      outcome: "user-rejected",
      delaysMs: NO_DELAYS,
    });

    const last = parseDownloadProgressNotification(received.at(-1)?.body);

    expect(accepted(last).notification.notificationPointId).toBe(3);
    expect(
      accepted(last).notification.notificationPointStatus.statusCodeData,
    ).toMatchObject({
      subjectCode: "8.8.5",
      reasonCode: "3.8",
    });
    expect(simulator?.profile(iccid)?.state).toBe("Error");
  });

  it("eligibility failure posts a failed point 1", async () => {
    const iccid = await releaseOneProfile({
      outcome: "eligibility-failure",
      delaysMs: NO_DELAYS,
    });

    expect(parsedPoints()).toEqual([[1, "Failed"]]);
    expect(simulator?.profile(iccid)?.state).toBe("Error");
  });

  it("installation failure ends in Error", async () => {
    const iccid = await releaseOneProfile({
      outcome: "installation-failure",
      delaysMs: NO_DELAYS,
    });

    expect(parsedPoints()).toEqual([
      [1, "Executed-Success"],
      [3, "Executed-Success"],
      [4, "Failed"],
    ]);
    expect(simulator?.profile(iccid)?.state).toBe("Error");
  });

  it("silent device posts nothing", async () => {
    const iccid = await releaseOneProfile({
      outcome: "silent",
      delaysMs: NO_DELAYS,
    });

    expect(received).toHaveLength(0);
    expect(simulator?.profile(iccid)?.state).toBe("Released");
  });

  it("quirks parse with their normalisations", async () => {
    const iccid = await releaseOneProfile({
      outcome: "install",
      delaysMs: NO_DELAYS,
      quirks: {
        timeStampField: true,
        epochSeconds: true,
        stringIds: true,
        trailingF: true,
        duplicates: true,
        extraFields: true,
      },
    });

    const results = received.map((entry) =>
      parseDownloadProgressNotification(entry.body),
    );
    const first = results[0];

    expect(results).toHaveLength(6);
    expect(accepted(first).notification.iccid).toBe(iccid);
    expect(accepted(first).normalisations).toEqual([
      "trailing F removed from iccid",
      "timeStamp renamed to timestamp",
      "epoch seconds converted",
      "notificationPointId given as a string",
      "extra fields ignored: tac, imei",
    ]);
  });

  it("duplicates repeat the call identifier", async () => {
    await releaseOneProfile({
      outcome: "eligibility-failure",
      delaysMs: NO_DELAYS,
      quirks: {
        timeStampField: false,
        epochSeconds: false,
        stringIds: false,
        trailingF: false,
        duplicates: true,
        extraFields: false,
      },
    });

    const ids = received.map(
      (entry) =>
        (entry.body as { header: { functionCallIdentifier: string } }).header
          .functionCallIdentifier,
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("cancel stops the device", async () => {
    simulator = await startTestSimulator(certificates, {
      notificationUrl: receiverUrl,
      device: {
        outcome: "install",
        delaysMs: { eligibility: 0, download: 5_000, installation: 0 },
      },
    });
    client = connectClient(simulator, certificates);
    const order = await client.downloadOrder({ profileType: "consumer" });
    const iccid = order.kind === "success" ? order.data.iccid : "";
    await client.confirmOrder({ iccid, releaseFlag: true });

    await client.cancelOrder({
      iccid,
      finalProfileStatusIndicator: "Available",
    });
    await simulator.devicesSettled();

    expect(simulator.profile(iccid)?.state).toBe("Available");
    expect(
      received.filter(
        (entry) =>
          (entry.body as { notificationPointId: number })
            .notificationPointId === 3,
      ),
    ).toHaveLength(0);
  });

  it("release after confirm starts the device", async () => {
    simulator = await startTestSimulator(certificates, {
      notificationUrl: receiverUrl,
      device: { outcome: "install", delaysMs: NO_DELAYS },
    });
    client = connectClient(simulator, certificates);
    const order = await client.downloadOrder({ profileType: "consumer" });
    const iccid = order.kind === "success" ? order.data.iccid : "";
    await client.confirmOrder({ iccid, releaseFlag: false });

    await client.releaseProfile({ iccid });
    await simulator.devicesSettled();

    expect(parsedPoints()).toHaveLength(3);
    expect(simulator.profile(iccid)?.state).toBe("Installed");
  });
});
