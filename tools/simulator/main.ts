// Command line of the SM-DP+ simulator (`npm run simulator`). Starts one
// simulated SM-DP+ per carrier, each on its own port, with certificates
// from the local CA (created under .local/certs on first use), and prints
// each carrier's base URL.
//
//   npm run simulator -- --config simulator.json
//   npm run simulator -- --carrier demo --port 9443 --profile-type consumer:100
//
// A config file contains one settings object or `{ "carriers": [...] }`, with
// the fields of simulatorSettingsSchema.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pino from "pino";
import { z } from "zod";
import { ensureLocalCertificates } from "@/tools/certs/local-ca";
import { startSimulator, type SimulatorHandle } from "./simulator";
import {
  simulatorSettingsSchema,
  type SimulatorSettingsInput,
} from "./simulator-settings";

const USAGE = `Usage: npm run simulator -- [options]
  --config FILE            JSON settings: one carrier, or { "carriers": [...] }
  --carrier ID             carrier id (default "demo"), when no --config
  --port N                 port to listen on (default 0: a free port)
  --prefix PATH            path prefix of the ES2+ paths, for example /es2
  --profile-type TYPE:N    profile type with N profiles (repeatable;
                           default consumer:100)
  --latency-ms N           fixed added latency per call, in milliseconds
  --notification-url URL   https URL on localhost for HandleDownloadProgressInfo
  --control-api            enable /_sim/faults, /_sim/device and /_sim/stats
  --certs DIR              certificate folder (default .local/certs)
  --help                   print this text`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function settingsFromFlags(
  values: Record<string, unknown>,
): SimulatorSettingsInput {
  const profileTypes = (
    (values["profile-type"] as string[] | undefined) ?? ["consumer:100"]
  ).map((entry) => {
    const match = /^(.+):(\d+)$/.exec(entry);
    if (match === null) {
      fail(
        `Invalid --profile-type "${entry}": expected TYPE:COUNT, for example consumer:100.`,
      );
    }
    return { profileType: match[1] ?? "", count: Number(match[2]) };
  });
  const latency = values["latency-ms"] as string | undefined;
  return {
    carrierId: (values.carrier as string | undefined) ?? "demo",
    port: Number((values.port as string | undefined) ?? 0),
    pathPrefix: (values.prefix as string | undefined) ?? "",
    profileTypes,
    ...(latency === undefined
      ? {}
      : { latency: { kind: "fixed", ms: Number(latency) } }),
    ...(values["notification-url"] === undefined
      ? {}
      : { notificationUrl: values["notification-url"] as string }),
    controlApi: values["control-api"] === true,
  };
}

function settingsFromFile(path: string): SimulatorSettingsInput[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`Cannot read config file ${path}: ${String(error)}`);
  }
  const carriers =
    typeof json === "object" && json !== null && "carriers" in json
      ? (json as { carriers: unknown }).carriers
      : [json];
  const parsed = z.array(simulatorSettingsSchema).min(1).safeParse(carriers);
  if (!parsed.success) {
    fail(`Invalid config file ${path}:\n${z.prettifyError(parsed.error)}`);
  }
  return carriers as SimulatorSettingsInput[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      carrier: { type: "string" },
      port: { type: "string" },
      prefix: { type: "string" },
      "profile-type": { type: "string", multiple: true },
      "latency-ms": { type: "string" },
      "notification-url": { type: "string" },
      "control-api": { type: "boolean" },
      certs: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const carriers =
    values.config === undefined
      ? [settingsFromFlags(values)]
      : settingsFromFile(values.config);
  const logger = pino({ name: "smdp-simulator" });
  const certificates = await ensureLocalCertificates(
    values.certs ?? ".local/certs",
  );
  const ca = readFileSync(certificates.ca.certPath);
  const serverTls = {
    ca,
    cert: readFileSync(certificates.localhost.certPath),
    key: readFileSync(certificates.localhost.keyPath),
  };

  const simulators: SimulatorHandle[] = [];
  for (const settings of carriers) {
    const carrierClient = await certificates.carrierClient(settings.carrierId);
    simulators.push(
      await startSimulator({
        ...settings,
        tls: serverTls,
        notificationTls: {
          ca,
          cert: readFileSync(carrierClient.certPath),
          key: readFileSync(carrierClient.keyPath),
        },
        logger,
      }),
    );
  }
  for (const simulator of simulators) {
    console.log(`carrier ${simulator.carrierId}: ${simulator.url}`);
  }
  console.log(`Clients need a certificate from ${certificates.ca.certPath}.`);

  const stop = async () => {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`SM-DP+ simulator failed to start: ${String(error)}`);
  process.exit(1);
});
