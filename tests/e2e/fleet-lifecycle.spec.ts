import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";

import type { Page } from "@playwright/test";

import { createSqliteStore } from "@/lib/store";
import type { AuditEntry } from "@/lib/store";

import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider } from "./sign-in-flow";

// The walk-through needs the SM-DP+ simulators and the operations worker in
// the stack that global setup starts; the stack sets E2E_OPERATIONS=1 then.
test.skip(
  process.env.E2E_OPERATIONS !== "1",
  "needs the SM-DP+ simulators and the worker (E2E_OPERATIONS=1)",
);

// Provisioning runs two ES2+ calls and waits for the simulated device's
// notifications, so each wait allows for worker polling and backoff.
test.setTimeout(180_000);
const OPERATION_WAIT_MS = 60_000;

const ORGANIZATION_ID = "contoso-fleet";
const admin = DEMO_USERS.find(
  (user) => user.username === "admin@contoso.example",
)!;
const FIRST_EID = "89086030202200000022000023022943";
const SECOND_EID = "89044045116727494800000004479366";

/** Sends a request to the control routes of carrier-a's simulator over mutual TLS. */
async function controlCarrierA(route: string, body: unknown): Promise<void> {
  const simulators = JSON.parse(process.env.E2E_SIMULATORS ?? "{}") as Record<
    string,
    string
  >;
  const base = simulators["carrier-a"];
  const certs = process.env.E2E_CERTS_DIR;
  if (!base || !certs) throw new Error("Global setup set no simulator URLs.");
  const url = new URL(route, base);
  const text = JSON.stringify(body);
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(url, {
      method: "POST",
      ca: readFileSync(path.join(certs, "ca.crt")),
      cert: readFileSync(path.join(certs, "portal-client.crt")),
      key: readFileSync(path.join(certs, "portal-client.key")),
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
      },
    });
    request.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("error", reject);
    request.end(text);
  });
  if (status !== 204) {
    throw new Error(`${url.pathname} answered ${status}.`);
  }
}

/** Audit actions about one target (an ICCID, or operation:<id>), oldest first. */
async function auditActionsOf(target: string): Promise<string[]> {
  const file = process.env.E2E_SQLITE_PATH;
  if (!file)
    throw new Error("E2E_SQLITE_PATH is not set: global setup failed.");
  const store = await createSqliteStore({ path: file, encryptionKey: null });
  try {
    const entries: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.audit.list(ORGANIZATION_ID, {
        target,
        order: "asc",
        limit: 100,
        cursor,
      });
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return entries.map((entry) => entry.action);
  } finally {
    await store.close();
  }
}

/** Operation kinds stored for one profile. */
async function operationKindsOf(iccid: string): Promise<string[]> {
  const file = process.env.E2E_SQLITE_PATH ?? "";
  const store = await createSqliteStore({ path: file, encryptionKey: null });
  try {
    const page = await store.operations.listByProfile(ORGANIZATION_ID, iccid, {
      limit: 100,
    });
    return page.items.map((operation) => operation.kind);
  } finally {
    await store.close();
  }
}

function operationCard(page: Page, kind: "Provision" | "Transfer" | "Revoke") {
  return page
    .getByTestId("operation")
    .filter({ has: page.getByRole("heading", { name: kind, exact: true }) });
}

function detail(page: Page, term: string) {
  return page
    .locator("dt", { hasText: term })
    .locator("xpath=following-sibling::dd[1]");
}

test.afterAll(async () => {
  await controlCarrierA("/_sim/device", { outcome: "install" });
});

test("provision, install, transfer and revoke", async ({ page }) => {
  await signInThroughProvider(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/dashboard$/);

  // Provision with an EID, so the simulated device downloads and installs.
  await page.goto("/fleet/provision");
  await page.getByLabel("Carrier").selectOption("carrier-a");
  await page.getByLabel("Profile type").selectOption("consumer-5g");
  await page.getByRole("textbox", { name: /^EID/ }).fill(FIRST_EID);
  await page.getByLabel("Device name").fill("Lifecycle tablet");
  await page.getByLabel("IMEI").fill("352099001761481");
  await page.getByRole("button", { name: "Provision profile" }).click();

  await expect(page).toHaveURL(/\/fleet\/operations\//);
  const provisionId = decodeURIComponent(page.url().split("/").pop() ?? "");
  const operation = page.getByTestId("operation");
  await expect(operation).toHaveAttribute("data-state", "succeeded", {
    timeout: OPERATION_WAIT_MS,
  });
  await expect(
    operation.getByText("DownloadOrder", { exact: true }),
  ).toBeVisible();
  await expect(
    operation.getByText("ConfirmOrder", { exact: true }),
  ).toBeVisible();

  await operation.getByRole("link", { name: /Open profile/ }).click();
  await expect(page).toHaveURL(/\/fleet\/89\d+$/);
  const profileUrl = page.url();
  const firstIccid = profileUrl.split("/").pop() ?? "";
  await expect(page.getByTestId("activation-code")).toContainText("1$");
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expect(operationCard(page, "Provision")).toHaveAttribute(
    "data-state",
    "succeeded",
  );

  // The simulated device reports eligibility, download and installation.
  await expect(async () => {
    await page.reload();
    await expect(detail(page, "SM-DP+ state")).toHaveText("Installed", {
      timeout: 2_000,
    });
  }).toPass({ timeout: OPERATION_WAIT_MS });
  await expect(page.getByTestId("notification").first()).toBeVisible();

  // The next device stays silent, so the transferred profile stays
  // Released and its order can still be cancelled.
  await controlCarrierA("/_sim/device", { outcome: "silent" });

  // Transfer to a second device. The old profile was installed, so the
  // worker retires it instead of cancelling its order.
  await page.getByLabel("New EID").fill(SECOND_EID);
  await page.getByLabel("Reason").first().fill("Device replaced");
  await page.getByRole("button", { name: "Transfer profile" }).click();
  const transfer = operationCard(page, "Transfer");
  await expect(transfer).toBeVisible();
  await expect(transfer).toHaveAttribute("data-state", /succeeded|failed/, {
    timeout: OPERATION_WAIT_MS,
  });
  await expect(transfer).toHaveAttribute("data-state", "succeeded");
  await expect(
    transfer.getByText(/is retired and needs removal/),
  ).toBeVisible();
  await page.reload();
  await expect(detail(page, "Portal status")).toHaveText("Retired");

  // A retired profile has no order left to change: the page offers neither
  // transfer nor revoke and says why, and no revoke operation exists.
  await expect(page.getByTestId("profile-controls-notice")).toContainText(
    "This profile is Retired",
  );
  await expect(
    page.getByRole("button", { name: "Revoke profile…" }),
  ).toHaveCount(0);
  await expect(
    page.getByRole("button", { name: "Transfer profile" }),
  ).toHaveCount(0);
  expect(await operationKindsOf(firstIccid)).not.toContain("revoke");

  // The new profile, on the second device, is Released and revocable.
  await page.goto(`/fleet?q=${SECOND_EID}`);
  await page
    .getByRole("link", { name: /^89\d+/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/fleet\/89\d+$/);
  const secondIccid = page.url().split("/").pop() ?? "";
  expect(secondIccid).not.toBe(firstIccid);
  await expect(detail(page, "EID")).toHaveText(SECOND_EID);
  await expect(detail(page, "SM-DP+ state")).toHaveText("Released");

  await page.getByLabel("Reason").nth(1).fill("Lifecycle test");
  await page.getByRole("button", { name: "Revoke profile…" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this profile?" })
    .getByRole("button", { name: "Revoke" })
    .click();
  const revoke = operationCard(page, "Revoke");
  await expect(revoke).toHaveAttribute("data-state", "succeeded", {
    timeout: OPERATION_WAIT_MS,
  });
  await expect(revoke.getByText("CancelOrder", { exact: true })).toBeVisible();
  await page.reload();
  await expect(detail(page, "Portal status")).toHaveText("Revoked");

  // Every step is in the audit trail: the submitted provision under its
  // operation (it has no ICCID yet), the rest under the profile it changed.
  expect(await auditActionsOf(`operation:${provisionId}`)).toContain(
    "operation.provision.submitted",
  );
  const firstActions = await auditActionsOf(firstIccid);
  for (const action of [
    "profile.ordered",
    "profile.released",
    "profile.download-progress.applied",
    "operation.provision.succeeded",
    "operation.transfer.submitted",
    "profile.transferring",
    "profile.retired",
    "operation.transfer.succeeded",
  ]) {
    expect(firstActions, `audit of ${firstIccid}`).toContain(action);
  }
  const secondActions = await auditActionsOf(secondIccid);
  for (const action of [
    "profile.ordered",
    "profile.released",
    "operation.revoke.submitted",
    "profile.revoked",
    "operation.revoke.succeeded",
  ]) {
    expect(secondActions, `audit of ${secondIccid}`).toContain(action);
  }
});
