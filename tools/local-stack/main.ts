// `npm start`: builds the portal when needed, then runs the local stack
// (identity provider, demo organizations and data, notification front,
// carrier simulators, portal with the worker) until Ctrl-C or SIGTERM.
//
//   npm start [-- --no-seed]
//
// Variables: PORT (portal, default 3000), IDP_PORT (sign-in provider,
// default 3443), SQLITE_PATH, SEED=false (same as --no-seed),
// SIMULATOR_PORTS=free (simulators on free ports instead of those in the
// carrier file), WORKER_IN_PORTAL=false (run `npm run worker` yourself),
// STACK_VERBOSE=1 (print the servers' logs), and CARRIERS_FILE (source
// carrier file, default config/carriers.local.json).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_USERS, DEMO_TENANTS } from "../oidc-provider/demo-directory";
import { assertSimulatorPortsFree } from "./carrier-simulators";
import { loadLocalCarriers } from "./local-carriers";
import { ensureNextBuild } from "./next-build";
import { assertPortFree } from "./port-check";
import { startLocalStack, type LocalStack } from "./stack";

const USAGE = `Usage: npm start [-- --no-seed]
  --no-seed   do not seed the demo organization on the first run (SEED=false)
  --help      print this text`;

/** Demo data of the first run: a few thousand profiles, a month of history. */
const SEED = { profiles: 3000, days: 30 };

function portFromEnv(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${variable}=${value} is not a TCP port: use 1 to 65535.`);
  }
  return port;
}

function booleanFromEnv(variable: string, fallback: boolean): boolean {
  const value = process.env[variable]?.trim().toLowerCase();
  if (value === undefined || value === "") return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new Error(`${variable}=${value} is invalid: use true or false.`);
}

function simulatorPortsFromEnv(): "configured" | "free" {
  const value = process.env.SIMULATOR_PORTS?.trim() || "configured";
  if (value === "configured" || value === "free") return value;
  throw new Error(
    `SIMULATOR_PORTS=${value} is invalid: use free, or configured (the default: the ports in the carrier file).`,
  );
}

/**
 * Returns the number of this start, 0 to 99, counted in
 * `.local/simulator-generation`, so restarted simulators hand out ICCIDs
 * that the kept store does not hold yet.
 */
async function nextIccidGeneration(localDir: string): Promise<number> {
  const file = path.join(localDir, "simulator-generation");
  const previous = Number.parseInt(
    await readFile(file, "utf8").catch(() => "-1"),
    10,
  );
  const generation = Number.isInteger(previous) ? (previous + 1) % 100 : 0;
  await writeFile(file, `${generation}\n`);
  return generation;
}

function printSummary(stack: LocalStack, portalCarriersFile: string): void {
  const organizations = new Map(
    DEMO_TENANTS.map((t) => [t.id, t.organizationName]),
  );
  console.log(`
NexoraSIM Portal: ${stack.portalUrl}
Local identity provider: ${stack.identityProvider.origin}
  Its certificate comes from the local CA in .local/certs/ca.crt. Open the
  provider URL once and accept the certificate, or import ca.crt into your
  browser's trusted authorities.

Demo users (local passwords, development only):`);
  for (const user of DEMO_USERS) {
    const roles = user.roles.length > 0 ? user.roles.join(", ") : "no role";
    console.log(
      `  ${user.username.padEnd(26)} ${user.password.padEnd(24)} ${roles} (${organizations.get(user.tenantId)})`,
    );
  }
  console.log("\nSimulated carriers (SM-DP+ simulators over mutual TLS):");
  for (const carrier of stack.simulatedCarriers) {
    console.log(
      `  ${carrier.id.padEnd(10)} ${carrier.name.padEnd(18)} ${carrier.url}`,
    );
  }
  console.log(`  Notifications go to ${stack.notificationUrl}.`);
  console.log(
    stack.workerInPortal
      ? "\nThe operations worker runs inside the portal process."
      : `\nThe operations worker is off (WORKER_IN_PORTAL=false). Run it with:\n  CARRIERS_FILE=${portalCarriersFile} SQLITE_PATH=${stack.portalEnv.SQLITE_PATH} npm run worker`,
  );
  console.log(`
The sign-in page uses the ${DEMO_TENANTS[0]?.organizationName} tenant. Press Ctrl-C to stop.`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      "no-seed": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = !values["no-seed"] && booleanFromEnv("SEED", true);
  const workerInPortal = booleanFromEnv("WORKER_IN_PORTAL", true);
  const simulatorPorts = simulatorPortsFromEnv();
  const carriersFile =
    process.env.CARRIERS_FILE?.trim() || "config/carriers.local.json";
  const localDir = path.resolve(".local");
  const portalCarriersFile = path.join(localDir, "carriers.json");

  const portalPort = portFromEnv("PORT", 3000);
  const identityProviderPort = portFromEnv("IDP_PORT", 3443);
  await assertPortFree(portalPort, "PORT");
  await assertPortFree(identityProviderPort, "IDP_PORT");
  if (simulatorPorts === "configured") {
    const carriers = await loadLocalCarriers(carriersFile);
    await assertSimulatorPortsFree(carriers.entries, carriers.sourceFile);
  }

  const built = await ensureNextBuild({
    log: (line) => process.stdout.write(line),
  });
  console.log(
    built
      ? "Build finished."
      : "Using the existing production build in .next/.",
  );

  const stack = await startLocalStack({
    portalPort,
    identityProviderPort,
    localDir,
    sqlitePath: process.env.SQLITE_PATH ?? "./data/nexorasim.db",
    operations: {
      carriersFile,
      portalCarriersFile,
      simulatorPorts,
      workerInPortal,
      iccidGeneration: await nextIccidGeneration(localDir),
    },
    ...(seed ? { seed: SEED } : {}),
    log: (line) => {
      if (process.env.STACK_VERBOSE === "1") process.stdout.write(line);
    },
    progress: (line) => process.stdout.write(line),
  });
  if (stack.seeded !== null) {
    console.log(
      `Seeded the demo organizations: ${stack.seeded.profiles} profiles, ${stack.seeded.operations} operations over ${SEED.days} days.`,
    );
  }
  printSummary(stack, portalCarriersFile);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping the local stack.`);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
