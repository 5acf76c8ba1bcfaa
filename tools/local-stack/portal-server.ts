import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitForUrl } from "./ports";

export interface PortalServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built portal (`next start`) on `port` with `env` added to this
 * process's environment, and resolves once it answers HTTP requests.
 * Requires a prior `next build`.
 */
export async function startPortalServer(options: {
  port: number;
  env?: Record<string, string>;
  cwd?: string;
  log?: (line: string) => void;
}): Promise<PortalServer> {
  const cwd = options.cwd ?? process.cwd();
  const nextBin = path.join(cwd, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(
    process.execPath,
    [
      nextBin,
      "start",
      "--port",
      String(options.port),
      "--hostname",
      "localhost",
    ],
    {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = options.log ?? (() => {});
  child.stdout?.on("data", (chunk: Buffer) => log(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => log(chunk.toString()));

  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`next start exited early with code ${code}`)),
    );
  });
  const url = `http://localhost:${options.port}`;
  await Promise.race([waitForUrl(`${url}/api/health`), exited]);

  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
