// Runs every test suite (a production build, vitest unit and integration
// tests, then Playwright) and prints one closing line that sums them:
// "N passed, N failed". Exits non-zero when any suite fails or cannot run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => `node_modules/.bin/${name}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function step(label, command, args) {
  console.log(`\n== ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    problems.push(`${label} exited with ${result.status ?? result.signal}`);
  }
  return result.status === 0;
}

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

mkdirSync("reports", { recursive: true });
rmSync("reports/vitest.json", { force: true });
rmSync("reports/playwright.json", { force: true });

// The build comes first: integration tests and Playwright both run the
// production server, and a build started by two suites at once would clash.
const built = step("next build", bin("next"), ["build"]);

step("vitest", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=reports/vitest.json",
]);
const vitest = readJson("reports/vitest.json");
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
} else {
  problems.push("vitest wrote no report");
}

if (built) {
  step("playwright", bin("playwright"), ["test"]);
  const playwright = readJson("reports/playwright.json");
  if (playwright?.stats) {
    totals.passed += playwright.stats.expected + playwright.stats.flaky;
    totals.failed += playwright.stats.unexpected;
    totals.skipped += playwright.stats.skipped;
  } else {
    problems.push("Playwright wrote no report");
  }
}

for (const problem of problems) console.error(`error: ${problem}`);
const failed = totals.failed + (totals.failed === 0 ? problems.length : 0);
console.log(
  `\n${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`,
);
process.exit(problems.length > 0 || totals.failed > 0 ? 1 : 0);
