import https from "node:https";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findFreePort } from "@/tools/local-stack/ports";
import type { Es2PlusClient } from "@/lib/smdp/es2plus-client";
import type { SimulatorHandle } from "@/tools/simulator/simulator";
import {
  connectClient,
  createTestCertificates,
  startTestSimulator,
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

describe("ES2+ resends", () => {
  it("same call identifier executes once", async () => {
    const first = await client.downloadOrder({
      profileType: "consumer",
      functionCallIdentifier: "call-1",
    });
    const second = await client.downloadOrder({
      profileType: "consumer",
      functionCallIdentifier: "call-1",
    });

    expect(second).toMatchObject({
      kind: "success",
      functionCallIdentifier: "call-1",
    });
    expect(expectKind(second, "success").data).toEqual(
      first.kind === "success" ? first.data : null,
    );
    expect(simulator.executions.downloadOrder).toBe(1);
    expect(simulator.callLog.map((entry) => entry.handling)).toEqual([
      "executed",
      "replayed",
    ]);
  });

  it("resend replays a stored rejection", async () => {
    const input = {
      iccid: "8988211000000530082",
      functionCallIdentifier: "call-2",
    };
    await client.releaseProfile(input);

    const again = await client.releaseProfile(input);

    expect(expectKind(again, "rejected").statusCodeData?.reasonCode).toBe(
      "3.9",
    );
    expect(simulator.executions.releaseProfile).toBe(1);
  });

  it("same identifier with new fields rejected", async () => {
    await client.downloadOrder({
      profileType: "consumer",
      functionCallIdentifier: "call-3",
    });

    const outcome = await client.downloadOrder({
      profileType: "single",
      functionCallIdentifier: "call-3",
    });

    expect(expectKind(outcome, "rejected").statusCodeData).toMatchObject({
      subjectCode: "1.6",
      reasonCode: "2.1",
    });
    expect(simulator.executions.downloadOrder).toBe(1);
  });

  it("fresh identifiers differ per call", async () => {
    const first = await client.downloadOrder({ profileType: "consumer" });
    const second = await client.downloadOrder({ profileType: "consumer" });

    expect(first.functionCallIdentifier).not.toBe(
      second.functionCallIdentifier,
    );
    expect(simulator.ordersExecuted()).toBe(2);
  });

  it("resend after timeout gets stored answer", async () => {
    const shortClient = connectClient(simulator, certificates, {
      timeoutMs: 200,
    });
    simulator.injectFault({ fault: { kind: "hold" } });
    const lost = await shortClient.downloadOrder({
      profileType: "consumer",
      functionCallIdentifier: "call-4",
    });
    shortClient.close();

    const resent = await client.downloadOrder({
      profileType: "consumer",
      functionCallIdentifier: "call-4",
    });

    expect(lost.kind).toBe("timeout");
    expect(resent.kind).toBe("success");
    expect(simulator.ordersExecuted()).toBe(1);
  });
});

describe("ES2+ client under carrier faults", () => {
  it("held response becomes timeout", async () => {
    const shortClient = connectClient(simulator, certificates, {
      timeoutMs: 150,
    });
    simulator.injectFault({ fault: { kind: "hold", executeFirst: false } });

    const outcome = await shortClient.downloadOrder({
      profileType: "consumer",
    });
    shortClient.close();

    expect(outcome).toMatchObject({ kind: "timeout", timeoutMs: 150 });
    expect(simulator.ordersExecuted()).toBe(0);
  });

  it("late answer after timeout is ignored", async () => {
    const shortClient = connectClient(simulator, certificates, {
      timeoutMs: 100,
    });
    simulator.injectFault({ fault: { kind: "delay", ms: 400 } });

    const outcome = await shortClient.downloadOrder({
      profileType: "consumer",
    });
    shortClient.close();

    expect(outcome.kind).toBe("timeout");
  });

  it("dropped connection is unreachable", async () => {
    simulator.injectFault({ fault: { kind: "drop" } });

    const outcome = await client.cancelOrder({
      iccid: simulator.profiles()[0]?.iccid ?? "",
      finalProfileStatusIndicator: "Available",
    });

    expect(outcome.kind).toBe("unreachable");
    expect(expectKind(outcome, "unreachable").cause).toMatch(/ECONNRESET/);
  });

  it("empty 200 is a protocol error", async () => {
    simulator.injectFault({ fault: { kind: "empty-200" } });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(outcome).toMatchObject({ kind: "protocol-error", httpStatus: 200 });
    expect(expectKind(outcome, "protocol-error").problem).toMatch(/empty body/);
  });

  it("HTML on 500 is a protocol error", async () => {
    simulator.injectFault({ fault: { kind: "html-500" } });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(outcome).toMatchObject({ kind: "protocol-error", httpStatus: 500 });
    expect(expectKind(outcome, "protocol-error").problem).toMatch(/HTML/);
    expect(expectKind(outcome, "protocol-error").excerpt).toContain(
      "Internal Server Error",
    );
  });

  it("JSON without header is a protocol error", async () => {
    simulator.injectFault({
      fault: { kind: "json-without-header", executeFirst: true },
    });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(expectKind(outcome, "protocol-error").problem).toMatch(
      /without header/,
    );
    expect(simulator.ordersExecuted()).toBe(1);
  });

  it("Failed without statusCodeData is rejected", async () => {
    simulator.injectFault({
      fault: { kind: "failed-without-status-code-data" },
    });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(outcome).toMatchObject({
      kind: "rejected",
      statusCodeData: null,
      diagnosis: null,
    });
  });

  it("Executed-WithWarning counts as success", async () => {
    simulator.injectFault({
      fault: { kind: "warning", subjectCode: "8.9", reasonCode: "5.1" },
    });

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(outcome).toMatchObject({
      kind: "success",
      executionStatus: "Executed-WithWarning",
      statusCodeData: { subjectCode: "8.9", reasonCode: "5.1" },
    });
  });

  it("fault limited to one function", async () => {
    simulator.injectFault({
      function: "releaseProfile",
      fault: { kind: "empty-200" },
    });

    const order = await client.downloadOrder({ profileType: "consumer" });

    expect(order.kind).toBe("success");
  });

  it("control API forces a fault", async () => {
    const status = await controlRequest(
      simulator,
      certificates,
      "POST",
      "/_sim/faults",
      {
        fault: { kind: "html-500" },
      },
    );

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(status).toBe(204);
    expect(outcome).toMatchObject({ kind: "protocol-error", httpStatus: 500 });
  });

  it("control API rejects an invalid fault", async () => {
    const status = await controlRequest(
      simulator,
      certificates,
      "POST",
      "/_sim/faults",
      {
        fault: { kind: "meteor" },
      },
    );

    expect(status).toBe(400);
  });

  it("random failure rate answers its codes", async () => {
    await simulator.close();
    simulator = await startTestSimulator(certificates, {
      failures: { rate: 1, codes: [{ subjectCode: "8.9", reasonCode: "5.1" }] },
    });
    client.close();
    client = connectClient(simulator, certificates);

    const outcome = await client.downloadOrder({ profileType: "consumer" });

    expect(expectKind(outcome, "rejected").statusCodeData?.subjectCode).toBe(
      "8.9",
    );
  });
});

describe("ES2+ client connections", () => {
  it("foreign CA client certificate refused", async () => {
    const foreignClient = connectClient(simulator, certificates, {
      tls: certificates.foreign,
    });

    const outcome = await foreignClient.downloadOrder({
      profileType: "consumer",
    });
    foreignClient.close();

    expect(outcome.kind).toBe("unreachable");
    expect(expectKind(outcome, "unreachable").cause).toMatch(
      /^TLS handshake failure/,
    );
    expect(simulator.callLog).toHaveLength(0);
  });

  it("server from untrusted CA refused", async () => {
    const wrongTrust = connectClient(simulator, certificates, {
      tls: { ...certificates.portal, ca: certificates.foreign.cert },
    });

    const outcome = await wrongTrust.downloadOrder({ profileType: "consumer" });
    wrongTrust.close();

    expect(expectKind(outcome, "unreachable").cause).toMatch(
      /^TLS handshake failure/,
    );
  });

  it("closed port is unreachable", async () => {
    const port = await findFreePort();
    const closed = connectClient(simulator, certificates, {
      baseUrl: `https://127.0.0.1:${port}`,
    });

    const outcome = await closed.downloadOrder({ profileType: "consumer" });
    closed.close();

    expect(expectKind(outcome, "unreachable").cause).toMatch(/^ECONNREFUSED/);
  });

  it("base URL with path prefix works", async () => {
    const port = await findFreePort();
    const prefixed = await startTestSimulator(certificates, {
      pathPrefix: "/carrier/es2",
      port,
    });
    const prefixedClient = connectClient(prefixed, certificates);

    const outcome = await prefixedClient.downloadOrder({
      profileType: "consumer",
    });
    prefixedClient.close();
    await prefixed.close();

    expect(prefixed.url).toBe(`https://127.0.0.1:${port}/carrier/es2`);
    expect(outcome.kind).toBe("success");
  });

  it("missing path prefix is a protocol error", async () => {
    const prefixed = await startTestSimulator(certificates, {
      pathPrefix: "/carrier",
    });
    const unprefixed = connectClient(prefixed, certificates, {
      baseUrl: `https://127.0.0.1:${prefixed.port}`,
    });

    const outcome = await unprefixed.downloadOrder({ profileType: "consumer" });
    unprefixed.close();
    await prefixed.close();

    expect(outcome).toMatchObject({ kind: "protocol-error", httpStatus: 404 });
  });

  it("keep-alive reuses one connection", async () => {
    await client.downloadOrder({ profileType: "consumer" });
    await client.downloadOrder({ profileType: "consumer" });
    await client.downloadOrder({ profileType: "consumer" });

    const names = new Set(
      simulator.callLog.map((entry) => entry.clientCommonName),
    );
    expect(names).toEqual(new Set(["nexorasim-portal"]));
    expect(simulator.connectionCount()).toBe(1);
  });
});

function controlRequest(
  target: SimulatorHandle,
  tls: TestCertificates,
  method: string,
  path: string,
  body: unknown,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(path, `https://127.0.0.1:${target.port}`),
      {
        method,
        ...tls.portal,
        headers: { "Content-Type": "application/json" },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}
