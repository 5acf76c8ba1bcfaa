// Starts one SM-DP+ simulator per carrier that has a `simulator` block in
// the source carrier file, each with its own server and port, posting its
// device notifications to the notification front.
import { readFile } from "node:fs/promises";
import net from "node:net";
import type { Logger } from "pino";
import type { LocalCertificates } from "../certs/local-ca";
import { startSimulator, type SimulatorHandle } from "../simulator/simulator";
import {
  simulatorSettingsSchema,
  type DeviceSettings,
} from "../simulator/simulator-settings";
import type { CarrierEntry } from "./local-carriers";

export interface CarrierSimulatorOptions {
  entries: CarrierEntry[];
  /** Name of the source file, for error messages. */
  sourceFile: string;
  certificates: LocalCertificates;
  notificationUrl: string;
  /** "configured" uses `simulator.port`; "free" lets the kernel pick. */
  ports: "configured" | "free";
  /** Device step delays; the simulator's defaults (seconds) when absent. */
  deviceDelaysMs?: DeviceSettings["delaysMs"];
  /** Serves /_sim/ (faults, device settings, stats) on each simulator. */
  controlApi: boolean;
  /**
   * Number of this start, 0 to 99, put into every simulated ICCID. A
   * simulator forgets its orders when it stops, so without it a restarted
   * simulator would hand out ICCIDs that the kept store already holds.
   */
  iccidGeneration?: number;
  logger: Logger;
}

/** ICCID prefix of the carrier at `index` in the file for one start. */
function iccidPrefixOf(index: number, generation: number): string {
  // 8997 keeps clear of the seeded (8988) and the simulator's default (8999) ranges.
  return `8997${String(index % 100).padStart(2, "0")}${String(generation % 100).padStart(2, "0")}`;
}

/** A port of a simulated carrier that another process holds. */
export class SimulatorPortInUseError extends Error {
  readonly code = "SIMULATOR_PORT_IN_USE";

  constructor(
    readonly carrierId: string,
    readonly port: number,
    sourceFile: string,
  ) {
    super(
      `Port ${port} of the simulated carrier ${carrierId} is already in use. ` +
        `Stop what uses it, change simulator.port (and es2BaseUrl) of ${carrierId} ` +
        `in ${sourceFile}, or set SIMULATOR_PORTS=free to let every simulator pick a free port.`,
    );
    this.name = "SimulatorPortInUseError";
  }
}

function probePort(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(false) : reject(error),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Throws SimulatorPortInUseError for the first configured simulator port
 * that is taken, so `npm start` stops before building and seeding.
 */
export async function assertSimulatorPortsFree(
  entries: CarrierEntry[],
  sourceFile: string,
): Promise<void> {
  for (const entry of entries) {
    const port = entry.simulator?.port;
    if (typeof port !== "number" || port === 0) continue;
    if (!(await probePort(port))) {
      throw new SimulatorPortInUseError(entry.id, port, sourceFile);
    }
  }
}

async function startOne(
  entry: CarrierEntry,
  index: number,
  options: CarrierSimulatorOptions,
  tls: { ca: Buffer; cert: Buffer; key: Buffer },
): Promise<SimulatorHandle> {
  const client = await options.certificates.carrierClient(entry.id);
  const parsed = simulatorSettingsSchema.safeParse({
    ...entry.simulator,
    ...(options.iccidGeneration === undefined
      ? {}
      : { iccidPrefix: iccidPrefixOf(index, options.iccidGeneration) }),
    carrierId: entry.id,
    notificationUrl: options.notificationUrl,
    controlApi: options.controlApi,
  });
  if (!parsed.success) {
    throw new Error(
      `Invalid simulator block of carrier ${entry.id} in ${options.sourceFile}: ` +
        `${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}.`,
    );
  }
  const settings = parsed.data;
  const port = options.ports === "free" ? 0 : settings.port;
  try {
    return await startSimulator({
      ...settings,
      port,
      device:
        options.deviceDelaysMs === undefined
          ? settings.device
          : { ...settings.device, delaysMs: options.deviceDelaysMs },
      tls,
      notificationTls: {
        ca: tls.ca,
        cert: await readFile(client.certPath),
        key: await readFile(client.keyPath),
      },
      logger: options.logger,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new SimulatorPortInUseError(entry.id, port, options.sourceFile);
    }
    throw error;
  }
}

/**
 * Starts the simulators in file order. On a failure the ones already
 * started are closed before the error is thrown.
 */
export async function startCarrierSimulators(
  options: CarrierSimulatorOptions,
): Promise<SimulatorHandle[]> {
  const { certificates } = options;
  const tls = {
    ca: await readFile(certificates.ca.certPath),
    cert: await readFile(certificates.localhost.certPath),
    key: await readFile(certificates.localhost.keyPath),
  };
  const started: SimulatorHandle[] = [];
  try {
    for (const [index, entry] of options.entries.entries()) {
      if (entry.simulator === undefined) continue;
      started.push(await startOne(entry, index, options, tls));
    }
  } catch (error) {
    await Promise.all(started.map((simulator) => simulator.close()));
    throw error;
  }
  return started;
}
