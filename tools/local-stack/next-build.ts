import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";

/** Files and folders whose changes make a production build stale. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
];

async function newestModification(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) {
    newest = Math.max(
      newest,
      await newestModification(path.join(entry, child)),
    );
  }
  return newest;
}

/** Why a build is needed, or null when `.next/BUILD_ID` is newer than every source. */
export async function buildStaleReason(cwd: string): Promise<string | null> {
  const buildId = path.join(cwd, ".next", "BUILD_ID");
  const built = await stat(buildId).catch(() => null);
  if (!built) return "no production build found (.next/BUILD_ID is missing)";
  for (const input of BUILD_INPUTS) {
    if ((await newestModification(path.join(cwd, input))) > built.mtimeMs) {
      return `${input} changed after the last build`;
    }
  }
  return null;
}

function runNextBuild(cwd: string, log: (line: string) => void): Promise<void> {
  const nextBin = path.join(cwd, "node_modules", "next", "dist", "bin", "next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => log(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => log(chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`next build exited with code ${code}`)),
    );
  });
}

async function withBuildLock<T>(
  cwd: string,
  task: () => Promise<T>,
): Promise<T> {
  const lock = path.join(cwd, ".local", "next-build.lock");
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(
          `${lock} is held for over 10 minutes: remove it if no build is running.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Runs `next build` when the production build is missing or older than the
 * sources, one build at a time per checkout. Returns whether it built.
 */
export async function ensureNextBuild(options: {
  cwd?: string;
  log?: (line: string) => void;
}): Promise<boolean> {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? (() => {});
  return withBuildLock(cwd, async () => {
    const reason = await buildStaleReason(cwd);
    if (!reason) return false;
    log(`Building the portal: ${reason}. This takes about half a minute.\n`);
    await runNextBuild(cwd, log);
    if (!existsSync(path.join(cwd, ".next", "BUILD_ID"))) {
      throw new Error("next build finished without writing .next/BUILD_ID.");
    }
    return true;
  });
}
