// Operations engine benchmark, two measurements against the SM-DP+
// simulator over mutual TLS, with a real SQLite store in a temporary file:
//
// The simulator runs in a child process (bench/operations-simulator-process.ts).
//
// 1. Throughput: 1 000 provision operations (DownloadOrder + ConfirmOrder,
//    2 calls each) submitted at once, run by one worker at its default
//    concurrency against 50 ms of carrier latency. The bound is
//    concurrency / (2 calls x 50 ms) operations per second. The run is also
//    compared with the bare ES2+ client making the same calls at the same
//    concurrency in the same run (no store, no worker).
// 2. Latency: one provision at a time against 100 ms of carrier latency,
//    from submit to the operation's end (profile Released).
//
//   npm run bench:operations
//
// BENCH_OPERATIONS and BENCH_RUNS change the size for a quick look (the
// recorded figures use the defaults, 1 000 and 3); BENCH_KEEP_FILES keeps
// the temporary store files for inspection.
//
// Writes bench/results/operations-throughput.json and its section of
// docs/benchmarks.md.
import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";

import type { OperationContext } from "@/lib/operations/operation-context";
import { submitProvision } from "@/lib/operations/submit-provision";
import { startWorker } from "@/lib/operations/worker";
import {
  createCarrierRegistry,
  type CarrierRegistry,
} from "@/lib/smdp/carrier-registry";
import { createEs2PlusClient } from "@/lib/smdp/es2plus-client";
import { createSqliteStore } from "@/lib/store";
import type { SqliteStore } from "@/lib/store/sqlite/store";
import {
  ensureLocalCertificates,
  type LocalCertificates,
} from "@/tools/certs/local-ca";

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 1_000);
const THROUGHPUT_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THROUGHPUT_LATENCY_MS = 50;
const THROUGHPUT_WARM_UP = 100;
const LATENCY_SAMPLES = 40;
const LATENCY_WARM_UP = 3;
const SINGLE_LATENCY_MS = 100;
const CONCURRENCY = 16; // the worker's default
const CALLS_PER_OPERATION = 2;
const SECTION_TITLE = "## Operations engine";
const ORGANIZATION_ID = "org-bench";
const silent = pino({ level: "silent" });

const context: OperationContext = {
  organizationId: ORGANIZATION_ID,
  actor: { oid: "bench", name: "Benchmark", roles: ["Portal.Admin"] },
  sourceIp: null,
  userAgent: "bench",
  correlationId: null,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] ?? 0;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

interface Setup {
  store: SqliteStore;
  registry: CarrierRegistry;
  close(): Promise<void>;
}

async function startSimulatorProcess(
  certs: LocalCertificates,
  latencyMs: number,
  profiles: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const settings = {
    caPath: certs.ca.certPath,
    certPath: certs.localhost.certPath,
    keyPath: certs.localhost.keyPath,
    latencyMs,
    profiles,
  };
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.resolve(import.meta.dirname, "operations-simulator-process.ts"),
      JSON.stringify(settings),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n")[0];
      if (output.includes("\n") && line !== undefined)
        resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) =>
      reject(new Error(`The simulator process exited with code ${code}.`)),
    );
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function setUp(
  certs: LocalCertificates,
  latencyMs: number,
  profiles: number,
): Promise<Setup> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nexora-bench-operations-"));
  const simulator = await startSimulatorProcess(certs, latencyMs, profiles);
  const registry = createCarrierRegistry(
    {
      carriers: [
        {
          id: "bench",
          name: "Bench Carrier",
          es2BaseUrl: simulator.url,
          functionRequesterIdentifier: "nexorasim-portal",
          defaultSmdpAddress: "smdp.bench.localhost",
          certificates: {
            ca: certs.ca.certPath,
            clientCert: certs.portalClient.certPath,
            clientKey: certs.portalClient.keyPath,
          },
          profileTypes: ["bench"],
          notificationCaller: { commonName: "carrier-bench" },
        },
      ],
    },
    path.join(dir, "carriers.json"),
  );
  const store = createSqliteStore({ path: path.join(dir, "store.db") });
  await store.organizations.upsert({
    id: ORGANIZATION_ID,
    name: "Bench",
    tenantIds: ["tenant-bench"],
    createdAt: new Date().toISOString(),
  });
  return {
    store,
    registry,
    async close() {
      await simulator.stop();
      await store.close();
      if (process.env.BENCH_KEEP_FILES === undefined)
        rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The count runs every 10 ms on the worker's event loop, so it reads the
// (organization_id, state) index instead of scanning the table.
function countEnded(store: SqliteStore): number {
  const row = store.database
    .prepare(
      `SELECT COUNT(*) AS ended FROM operations
       WHERE organization_id = ? AND state IN ('succeeded', 'failed')`,
    )
    .get(ORGANIZATION_ID) as { ended: number };
  return row.ended;
}

/** Bare ES2+ client: the same two calls per operation, no store or worker. */
async function clientReference(
  setup: Setup,
): Promise<{ operationsPerSecond: number; cpuMsPerOperation: number }> {
  const client = createEs2PlusClient(setup.registry.connection("bench"));
  let remaining = OPERATIONS;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        const order = await client.downloadOrder({ profileType: "bench" });
        if (order.kind !== "success")
          throw new Error(`DownloadOrder ended with ${order.kind}`);
        const confirm = await client.confirmOrder({
          iccid: order.data.iccid,
          releaseFlag: true,
        });
        if (confirm.kind !== "success")
          throw new Error(`ConfirmOrder ended with ${confirm.kind}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  client.close();
  return {
    operationsPerSecond: OPERATIONS / seconds,
    cpuMsPerOperation: (cpu.user + cpu.system) / 1000 / OPERATIONS,
  };
}

async function throughputRun(certs: LocalCertificates) {
  const setup = await setUp(
    certs,
    THROUGHPUT_LATENCY_MS,
    2 * OPERATIONS + THROUGHPUT_WARM_UP + 10,
  );

  // Warm-up: the same path, untimed, so JIT compilation is not measured.
  for (let index = 0; index < THROUGHPUT_WARM_UP; index += 1) {
    await submitProvision(setup, context, {
      idempotencyKey: `bench-warm-up-${index}`,
      carrierId: "bench",
      profileType: "bench",
    });
  }
  const warmUpWorker = startWorker({
    store: setup.store,
    registry: setup.registry,
    concurrency: CONCURRENCY,
    reconcile: false,
    logger: silent,
  });
  while (countEnded(setup.store) < THROUGHPUT_WARM_UP) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await warmUpWorker.stop();

  for (let index = 0; index < OPERATIONS; index += 1) {
    await submitProvision(setup, context, {
      idempotencyKey: `bench-throughput-${index}`,
      carrierId: "bench",
      profileType: "bench",
    });
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const worker = startWorker({
    store: setup.store,
    registry: setup.registry,
    concurrency: CONCURRENCY,
    reconcile: false,
    logger: silent,
  });
  while (countEnded(setup.store) < OPERATIONS + THROUGHPUT_WARM_UP) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await worker.stop();
  const reference = await clientReference(setup);
  const failed = (
    setup.store.database
      .prepare(
        "SELECT COUNT(*) AS failed FROM operations WHERE state = 'failed'",
      )
      .get() as {
      failed: number;
    }
  ).failed;
  await setup.close();

  const operationsPerSecond = OPERATIONS / seconds;
  const bound =
    CONCURRENCY / ((CALLS_PER_OPERATION * THROUGHPUT_LATENCY_MS) / 1000);
  return {
    seconds: round(seconds),
    operationsPerSecond: round(operationsPerSecond, 1),
    clientReferenceOperationsPerSecond: round(reference.operationsPerSecond, 1),
    workerCpuMsPerOperation: round((cpu.user + cpu.system) / 1000 / OPERATIONS),
    clientCpuMsPerOperation: round(reference.cpuMsPerOperation),
    ratioToBound: round(operationsPerSecond / bound, 3),
    ratioToClient: round(
      operationsPerSecond / reference.operationsPerSecond,
      3,
    ),
    failed,
  };
}

async function latencyRun(certs: LocalCertificates) {
  const setup = await setUp(
    certs,
    SINGLE_LATENCY_MS,
    LATENCY_SAMPLES + LATENCY_WARM_UP + 5,
  );
  const worker = startWorker({
    store: setup.store,
    registry: setup.registry,
    concurrency: CONCURRENCY,
    reconcile: false,
    logger: silent,
  });
  const samples: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES + LATENCY_WARM_UP; index += 1) {
    const started = performance.now();
    const { operation } = await submitProvision(setup, context, {
      idempotencyKey: `bench-latency-${index}`,
      carrierId: "bench",
      profileType: "bench",
    });
    for (;;) {
      const current = await setup.store.operations.get(
        ORGANIZATION_ID,
        operation.id,
      );
      if (current?.state === "succeeded") break;
      if (current?.state === "failed")
        throw new Error(`Operation ${operation.id} failed.`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (index >= LATENCY_WARM_UP) samples.push(performance.now() - started);
  }
  await worker.stop();
  await setup.close();
  return {
    samples: samples.length,
    medianMs: round(median(samples), 1),
    p95Ms: round(percentile(samples, 0.95), 1),
    minimumMs: round(Math.min(...samples), 1),
  };
}

function writeSection(markdown: string): void {
  const file = path.resolve("docs/benchmarks.md");
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = "# Benchmarks\n";
  }
  const start = text.indexOf(SECTION_TITLE);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${markdown}`;
  } else {
    const next = text.indexOf("\n## ", start + SECTION_TITLE.length);
    text = `${text.slice(0, start)}${markdown}${next === -1 ? "" : text.slice(next + 1)}`;
  }
  writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}

async function main(): Promise<void> {
  const certs = await ensureLocalCertificates(
    mkdtempSync(path.join(os.tmpdir(), "nexora-bench-certs-")),
  );
  const runs = [];
  for (let run = 0; run < THROUGHPUT_RUNS; run += 1) {
    runs.push(await throughputRun(certs));
    console.log(`throughput run ${run + 1}:`, runs[runs.length - 1]);
  }
  const latency = await latencyRun(certs);
  console.log("submit to Released:", latency);

  const bound =
    CONCURRENCY / ((CALLS_PER_OPERATION * THROUGHPUT_LATENCY_MS) / 1000);
  const result = {
    recordedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((value) => round(value, 2)),
    throughput: {
      operations: OPERATIONS,
      concurrency: CONCURRENCY,
      carrierLatencyMs: THROUGHPUT_LATENCY_MS,
      boundOperationsPerSecond: bound,
      medianOperationsPerSecond: median(
        runs.map((run) => run.operationsPerSecond),
      ),
      medianRatioToBound: median(runs.map((run) => run.ratioToBound)),
      medianRatioToClient: median(runs.map((run) => run.ratioToClient)),
      target: "ratio to bound at least 0.8",
      runs,
    },
    submitToReleased: {
      carrierLatencyMs: SINGLE_LATENCY_MS,
      ...latency,
      target: "p95 under 500 ms",
    },
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/operations-throughput.json",
    `${JSON.stringify(result, null, 2)}\n`,
  );

  const t = result.throughput;
  const l = result.submitToReleased;
  writeSection(`${SECTION_TITLE}

Provisioning through the durable operations engine (\`lib/operations/\`):
submit stores the operation, a worker claims it with a lease and runs
DownloadOrder and ConfirmOrder (releaseFlag true) against the SM-DP+
simulator (in its own process) over mutual TLS, recording each step in a
SQLite store file (WAL) with its audit entries and rollups.

Command: \`npm run bench:operations\`. Machine: ${result.cpus} shared cores,
Node ${result.node}, load average ${result.loadAverage.join(" / ")} at the end.

Throughput: ${t.operations} operations submitted before the worker starts
(after ${THROUGHPUT_WARM_UP} untimed warm-up operations through a first worker),
one worker at concurrency ${t.concurrency} (its default), ${t.carrierLatencyMs} ms
simulator latency per call, 2 calls per operation, so the bound is
${t.concurrency} / (2 x ${t.carrierLatencyMs} ms) = ${t.boundOperationsPerSecond} operations/s.
The reference is the bare ES2+ client making the same calls at the same
concurrency in the same run (no store, no worker). ${THROUGHPUT_RUNS} runs.

| run | seconds | operations/s | bare client operations/s | ratio to bound | ratio to bare client | worker CPU ms per operation | bare client CPU ms per operation |
| --- | --- | --- | --- | --- | --- | --- | --- |
${t.runs
  .map(
    (run, index) =>
      `| ${index + 1} | ${run.seconds} | ${run.operationsPerSecond} | ${run.clientReferenceOperationsPerSecond} | ${run.ratioToBound} | ${run.ratioToClient} | ${run.workerCpuMsPerOperation} | ${run.clientCpuMsPerOperation} |`,
  )
  .join("\n")}

Median ratio to the bound: **${t.medianRatioToBound}** (target at least 0.8,
${t.medianRatioToBound >= 0.8 ? "met" : "not met"}); median ratio to the bare client: ${t.medianRatioToClient}.
The CPU columns are the benchmark process's own CPU time per operation:
worker, store, ES2+ client and the store's WAL checkpoint thread. Each
operation costs the worker 4 SQLite write transactions: the claim, the first
step marked running, each step's result with the next step marked running,
and the last one with the completion. They hold 3 audit entries and a
rollup update. With the submit, an operation writes about 85 WAL pages
(measured once with automatic checkpoints off). The store prepares each
statement once per connection, and a worker thread runs the WAL
checkpoints (PASSIVE, every 100 ms), so their two fsync calls no longer
block the event loop in the middle of a commit. The main connection
checkpoints by itself only past 10 000 WAL pages.
Most of the remaining time on the worker's event loop goes to those write
transactions (commit writes, JSON encoding of the operation record, the
audit chain hash) and to the TLS client. The simulator process shares the
same two cores, so the figures move with the machine's load.

Submit to Released: one provision at a time, ${l.carrierLatencyMs} ms simulator
latency per call (200 ms of carrier time per operation), worker in the same
process (woken by the submit), completion read by polling the store every
2 ms; ${l.samples} samples after ${LATENCY_WARM_UP} warm-up operations.

| median (ms) | p95 (ms) | minimum (ms) |
| --- | --- | --- |
| ${l.medianMs} | ${l.p95Ms} | ${l.minimumMs} |

Target: p95 under 500 ms. Recorded ${result.recordedAt.slice(0, 10)} in
\`bench/results/operations-throughput.json\`.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
