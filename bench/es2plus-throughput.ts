// ES2+ throughput: calls per second of the portal's ES2+ client against the
// SM-DP+ simulator (zero added latency), as a ratio to a bare Node HTTPS
// server that returns the same response bytes. Both servers use the same
// mutual-TLS settings on a loopback port, and the client keeps its
// connections alive. Each call pair is DownloadOrder by profile type, then
// CancelOrder back to Available, so the inventory never runs out.
//
//   npm run bench:es2plus
//
// Writes bench/results/es2plus-throughput.json and its section of
// docs/benchmarks.md.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureLocalCertificates } from "@/tools/certs/local-ca";
import {
  createEs2PlusClient,
  type Es2PlusClient,
} from "@/lib/smdp/es2plus-client";
import { ADMIN_PROTOCOL, ES2_PATHS } from "@/lib/smdp/es2plus-types";
import { startSimulator } from "@/tools/simulator/simulator";

const RUNS = 5;
const CALLS_PER_RUN = 2_000;
const CONCURRENCY = 8;
const WARM_UP_CALLS = 200;
const PROFILE_TYPE = "bench";
const SECTION_TITLE = "## ES2+ client throughput";

interface RunResult {
  callsPerSecond: number;
  medianLatencyMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `calls` calls (in DownloadOrder + CancelOrder pairs) at CONCURRENCY. */
async function runCalls(
  client: Es2PlusClient,
  calls: number,
): Promise<RunResult> {
  let remainingPairs = Math.ceil(calls / 2);
  const latencies: number[] = [];

  async function worker(): Promise<void> {
    while (remainingPairs > 0) {
      remainingPairs -= 1;
      const order = await client.downloadOrder({ profileType: PROFILE_TYPE });
      if (order.kind !== "success") {
        throw new Error(
          `downloadOrder ended with ${order.kind}: ${JSON.stringify(order)}`,
        );
      }
      const cancel = await client.cancelOrder({
        iccid: order.data.iccid,
        finalProfileStatusIndicator: "Available",
      });
      if (cancel.kind !== "success") {
        throw new Error(
          `cancelOrder ended with ${cancel.kind}: ${JSON.stringify(cancel)}`,
        );
      }
      latencies.push(order.latencyMs, cancel.latencyMs);
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    callsPerSecond: latencies.length / seconds,
    medianLatencyMs: median(latencies),
  };
}

/** A bare HTTPS server that returns fixed bytes for each path. */
async function startBareServer(
  tls: { ca: Buffer; cert: Buffer; key: Buffer },
  answers: Map<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer(
    {
      ...tls,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
    },
    (request, response) => {
      request.resume();
      request.on("end", () => {
        const body = answers.get(request.url ?? "") ?? "";
        response.writeHead(200, {
          "Content-Type": "application/json;charset=UTF-8",
          "X-Admin-Protocol": ADMIN_PROTOCOL,
          "Content-Length": Buffer.byteLength(body),
        });
        response.end(body);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function writeDocsSection(section: string): void {
  const file = "docs/benchmarks.md";
  mkdirSync("docs", { recursive: true });
  const existing = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n";
  const start = existing.indexOf(SECTION_TITLE);
  let updated: string;
  if (start === -1) {
    updated = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const next = existing.indexOf("\n## ", start + SECTION_TITLE.length);
    const rest = next === -1 ? "" : existing.slice(next + 1);
    updated = `${existing.slice(0, start)}${section}${rest === "" ? "" : `\n${rest}`}`;
  }
  writeFileSync(file, updated.trimEnd() + "\n");
}

async function main(): Promise<void> {
  const certDir = mkdtempSync(path.join(os.tmpdir(), "nexora-bench-"));
  const certificates = await ensureLocalCertificates(certDir);
  const ca = readFileSync(certificates.ca.certPath);
  const serverTls = {
    ca,
    cert: readFileSync(certificates.localhost.certPath),
    key: readFileSync(certificates.localhost.keyPath),
  };
  const clientTls = {
    ca,
    cert: readFileSync(certificates.portalClient.certPath),
    key: readFileSync(certificates.portalClient.keyPath),
  };

  const simulator = await startSimulator({
    carrierId: "bench",
    tls: serverTls,
    profileTypes: [{ profileType: PROFILE_TYPE, count: CONCURRENCY * 4 }],
    device: { outcome: "silent" },
  });

  const connect = (baseUrl: string) =>
    createEs2PlusClient({
      carrierId: "bench",
      baseUrl,
      functionRequesterIdentifier: "nexorasim-portal",
      tls: clientTls,
    });

  // The bare server returns the bytes the simulator sends.
  const probe = connect(simulator.url);
  const firstOrder = await probe.downloadOrder({ profileType: PROFILE_TYPE });
  probe.close();
  if (firstOrder.kind !== "success") {
    throw new Error(
      `Simulator did not accept the first order: ${firstOrder.kind}`,
    );
  }
  const orderBody = JSON.stringify({
    header: { functionExecutionStatus: { status: "Executed-Success" } },
    iccid: firstOrder.data.iccid,
  });
  const cancelBody = JSON.stringify({
    header: { functionExecutionStatus: { status: "Executed-Success" } },
  });
  const bare = await startBareServer(
    serverTls,
    new Map([
      [ES2_PATHS.downloadOrder, orderBody],
      [ES2_PATHS.cancelOrder, cancelBody],
    ]),
  );
  const simulatorClient = connect(simulator.url);
  const bareClient = connect(bare.url);
  await simulatorClient.cancelOrder({
    iccid: firstOrder.data.iccid,
    finalProfileStatusIndicator: "Available",
  });

  await runCalls(simulatorClient, WARM_UP_CALLS);
  await runCalls(bareClient, WARM_UP_CALLS);

  const simulatorRuns: RunResult[] = [];
  const bareRuns: RunResult[] = [];
  // Interleaved so that machine noise affects both sides alike.
  for (let run = 0; run < RUNS; run += 1) {
    simulatorRuns.push(await runCalls(simulatorClient, CALLS_PER_RUN));
    bareRuns.push(await runCalls(bareClient, CALLS_PER_RUN));
    console.log(
      `run ${run + 1}/${RUNS}: simulator ${simulatorRuns[run]?.callsPerSecond.toFixed(0)} calls/s, ` +
        `bare ${bareRuns[run]?.callsPerSecond.toFixed(0)} calls/s`,
    );
  }

  simulatorClient.close();
  bareClient.close();
  await simulator.close();
  await bare.close();

  const simulatorRate = median(simulatorRuns.map((run) => run.callsPerSecond));
  const bareRate = median(bareRuns.map((run) => run.callsPerSecond));
  const result = {
    benchmark: "es2plus-throughput",
    command: "npm run bench:es2plus",
    recordedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    workload: {
      calls: "DownloadOrder by profile type + CancelOrder to Available",
      runs: RUNS,
      callsPerRun: CALLS_PER_RUN,
      concurrency: CONCURRENCY,
      inventoryProfiles: CONCURRENCY * 4,
      tls: "mutual TLS 1.2, keep-alive, P-256 certificates, loopback",
      responseBytes: {
        downloadOrder: orderBody.length,
        cancelOrder: cancelBody.length,
      },
    },
    simulator: {
      medianCallsPerSecond: Math.round(simulatorRate),
      medianLatencyMs: median(simulatorRuns.map((run) => run.medianLatencyMs)),
      runs: simulatorRuns.map((run) => Math.round(run.callsPerSecond)),
    },
    bareServer: {
      medianCallsPerSecond: Math.round(bareRate),
      medianLatencyMs: median(bareRuns.map((run) => run.medianLatencyMs)),
      runs: bareRuns.map((run) => Math.round(run.callsPerSecond)),
    },
    ratioSimulatorToBare: Math.round((simulatorRate / bareRate) * 1000) / 1000,
  };

  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/es2plus-throughput.json",
    `${JSON.stringify(result, null, 2)}\n`,
  );
  writeDocsSection(
    [
      SECTION_TITLE,
      "",
      "Calls per second of the ES2+ client (`lib/smdp/es2plus-client.ts`) against",
      "the SM-DP+ simulator with zero added latency, compared with a bare Node",
      "HTTPS server that returns the same response bytes with the same",
      "mutual-TLS settings, measured in the same run. Each pair of calls is a",
      "DownloadOrder by profile type followed by a CancelOrder back to Available.",
      "",
      `Command: \`${result.command}\`. Machine: ${result.machine.cpus} cores ` +
        `(${result.machine.cpuModel}), Node ${result.machine.node}, shared with other work.`,
      `Data: ${RUNS} runs of ${CALLS_PER_RUN} calls each per server, concurrency ` +
        `${CONCURRENCY}, ${result.workload.inventoryProfiles} profiles in the simulator, ` +
        "TLS 1.2 with client certificates over loopback, keep-alive connections.",
      "",
      "| server | median calls/s | median latency (ms) | runs (calls/s) |",
      "| --- | --- | --- | --- |",
      `| simulator | ${result.simulator.medianCallsPerSecond} | ` +
        `${result.simulator.medianLatencyMs} | ${result.simulator.runs.join(", ")} |`,
      `| bare HTTPS server | ${result.bareServer.medianCallsPerSecond} | ` +
        `${result.bareServer.medianLatencyMs} | ${result.bareServer.runs.join(", ")} |`,
      "",
      `Ratio simulator / bare server: **${result.ratioSimulatorToBare}** ` +
        `(recorded ${result.recordedAt.slice(0, 10)}).`,
      "",
    ].join("\n"),
  );
  console.log(
    `simulator ${result.simulator.medianCallsPerSecond} calls/s, bare ` +
      `${result.bareServer.medianCallsPerSecond} calls/s, ratio ${result.ratioSimulatorToBare}`,
  );
}

main().catch((error: unknown) => {
  console.error(`es2plus-throughput failed: ${String(error)}`);
  process.exit(1);
});
