// `npm start`: builds the portal when needed, then runs the local stack
// (identity provider, demo organizations, portal) until Ctrl-C or SIGTERM.
import path from "node:path";
import { DEMO_USERS, DEMO_TENANTS } from "../oidc-provider/demo-directory";
import { ensureNextBuild } from "./next-build";
import { assertPortFree } from "./port-check";
import { startLocalStack } from "./stack";

function portFromEnv(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${variable}=${value} is not a TCP port: use 1 to 65535.`);
  }
  return port;
}

async function main() {
  const portalPort = portFromEnv("PORT", 3000);
  const identityProviderPort = portFromEnv("IDP_PORT", 3443);
  await assertPortFree(portalPort, "PORT");
  await assertPortFree(identityProviderPort, "IDP_PORT");

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
    localDir: path.resolve(".local"),
    sqlitePath: process.env.SQLITE_PATH ?? "./data/nexorasim.db",
    log: (line) => {
      if (process.env.STACK_VERBOSE === "1") process.stdout.write(line);
    },
  });

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
  console.log(`
The sign-in page uses the ${DEMO_TENANTS[0]?.organizationName} tenant. Press Ctrl-C to stop.`);

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
