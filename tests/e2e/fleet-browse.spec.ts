import { readFile } from "node:fs/promises";

import { createSqliteStore } from "@/lib/store";
import { luhnCheckDigit } from "@/lib/esim/luhn";

import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider } from "./sign-in-flow";

const admin = DEMO_USERS.find((user) => user.username === "admin@contoso.example")!;
const GROUP = "e2e-browse";
const PROFILES = 30;

/** Returns a Luhn-valid ICCID of this spec: 898802 followed by `n`. */
function iccidOf(n: number): string {
  const payload = `898802${String(n).padStart(12, "0")}`;
  return payload + String(luhnCheckDigit(payload));
}

test.beforeAll(async () => {
  const path = process.env.E2E_SQLITE_PATH;
  if (!path) throw new Error("E2E_SQLITE_PATH is not set: global setup failed.");
  const store = await createSqliteStore({ path, encryptionKey: null });
  try {
    // Playwright runs beforeAll again in a new worker after a failure.
    if (await store.profiles.get("contoso-fleet", iccidOf(1))) return;
    for (let n = 1; n <= PROFILES; n += 1) {
      await store.profiles.create({
        organizationId: "contoso-fleet",
        iccid: iccidOf(n),
        eid: null,
        carrierId: n % 2 === 0 ? "carrier-a" : "carrier-b",
        profileType: n % 2 === 0 ? "consumer-5g" : "consumer",
        smdpState: n % 3 === 0 ? "Installed" : "Released",
        portalStatus: "Active",
        matchingId: null,
        activationCode: null,
        confirmationCodeRequired: false,
        deviceName: `Browse device ${String(n).padStart(2, "0")}`,
        imei: null,
        owner: `Browse owner ${n}`,
        ownerEmail: null,
        group: GROUP,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        updatedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      });
    }
    await store.profiles.create({
      organizationId: "fabrikam-devices",
      iccid: iccidOf(999),
      eid: null,
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
      portalStatus: "Active",
      matchingId: null,
      activationCode: null,
      confirmationCodeRequired: false,
      deviceName: "Other organization device",
      imei: null,
      owner: null,
      ownerEmail: null,
      group: GROUP,
    });
  } finally {
    await store.close();
  }
});

test.beforeEach(async ({ page }) => {
  await signInThroughProvider(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("fleet table lists the group", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&size=10`);

  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
  await expect(page.getByTestId("fleet-total")).toContainText(
    `${PROFILES} profiles match`,
  );
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(10);
  await expect(page.getByText("Other organization device")).toHaveCount(0);
});

test("next and previous page through fleet", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&size=10`);
  const firstRow = page.getByRole("table").locator("tbody tr").first();
  const firstIccid = await firstRow.getByRole("link").innerText();

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(firstRow.getByRole("link")).not.toHaveText(firstIccid);
  const secondPageIccid = await firstRow.getByRole("link").innerText();

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page.getByText("Next", { exact: true })).toHaveAttribute(
    "aria-disabled",
    "true",
  );

  // Each click waits for its page, so no click lands on a page that is
  // about to be replaced.
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(firstRow.getByRole("link")).toHaveText(secondPageIccid);
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(firstRow.getByRole("link")).toHaveText(firstIccid);
  await expect(page).not.toHaveURL(/cursor=/);
});

test("search finds one ICCID", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}`);
  await page.getByRole("searchbox", { name: "Search" }).fill(iccidOf(7));
  await page.getByRole("button", { name: "Apply" }).click();

  await expect(page).toHaveURL(new RegExp(`q=${iccidOf(7)}`));
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("fleet-total")).toContainText("1 profile matches");
});

test("carrier filter narrows the list", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}`);
  await page.getByLabel("Carrier").selectOption("carrier-a");
  await page.getByRole("button", { name: "Apply" }).click();

  await expect(page).toHaveURL(/carrier=carrier-a/);
  await expect(page.getByTestId("fleet-total")).toContainText(
    `${PROFILES / 2} profiles match`,
  );
});

test("ICCID header sorts ascending", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&size=10`);
  await page.getByRole("button", { name: /ICCID/ }).click();

  await expect(page).toHaveURL(/sort=iccid/);
  await expect(
    page.getByRole("columnheader", { name: /ICCID/ }),
  ).toHaveAttribute("aria-sort", "ascending");
  await expect(
    page.getByRole("table").locator("tbody tr").first().getByRole("link"),
  ).toHaveText(iccidOf(1));
});

test("unmatched search shows empty state", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&q=no-such-device`);
  await expect(page.getByText("No profiles match")).toBeVisible();
});

test("invalid filter shows notice", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&state=Bogus`);
  await expect(page.getByRole("status").filter({ hasText: "SM-DP+ state" })).toBeVisible();
  await expect(page.getByTestId("fleet-total")).toContainText(
    `${PROFILES} profiles match`,
  );
});

test("export downloads current view", async ({ page }) => {
  await page.goto(`/fleet?group=${GROUP}&carrier=carrier-b`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();

  const file = await (await download).path();
  const lines = (await readFile(file, "utf8"))
    .split("\r\n")
    .filter((line) => line !== "");
  expect(lines[0]).toMatch(/^ICCID,EID,Carrier/);
  expect(lines).toHaveLength(PROFILES / 2 + 1);
  expect(lines.every((line, index) => index === 0 || line.includes("carrier-b"))).toBe(true);
});
