// Child process of bench/operations-throughput.ts: one SM-DP+ simulator,
// so that its latency timers do not share an event loop with the worker's
// synchronous SQLite writes (a real SM-DP+ is another host). Reads its
// settings as JSON from argv[2], prints {"url": ...} on stdout once it
// listens, and stops on SIGTERM.
import { readFileSync } from "node:fs";

import { startSimulator } from "@/tools/simulator/simulator";

interface ChildSettings {
  caPath: string;
  certPath: string;
  keyPath: string;
  latencyMs: number;
  profiles: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? "{}") as ChildSettings;
  const simulator = await startSimulator({
    carrierId: "bench",
    tls: {
      ca: readFileSync(settings.caPath),
      cert: readFileSync(settings.certPath),
      key: readFileSync(settings.keyPath),
    },
    latency: { kind: "fixed", ms: settings.latencyMs },
    profileTypes: [{ profileType: "bench", count: settings.profiles }],
    device: { outcome: "silent" },
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  process.on("SIGTERM", () => {
    void simulator.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
