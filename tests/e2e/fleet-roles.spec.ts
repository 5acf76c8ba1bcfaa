import { createSqliteStore } from "@/lib/store";
import { luhnCheckDigit } from "@/lib/esim/luhn";

import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider } from "./sign-in-flow";

const ACTIVATION_CODE = "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815";

function userNamed(username: string) {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`The demo directory has no ${username}.`);
  return user;
}

/** Returns a Luhn-valid ICCID of this spec: 898803 followed by `n`. */
function iccidOf(n: number): string {
  const payload = `898803${String(n).padStart(12, "0")}`;
  return payload + String(luhnCheckDigit(payload));
}

const ICCID = iccidOf(1);

test.beforeAll(async () => {
  const path = process.env.E2E_SQLITE_PATH;
  if (!path) throw new Error("E2E_SQLITE_PATH is not set: global setup failed.");
  const store = await createSqliteStore({ path, encryptionKey: null });
  try {
    // Playwright runs beforeAll again in a new worker after a failure.
    if (await store.profiles.get("contoso-fleet", ICCID)) return;
    await store.profiles.create({
      organizationId: "contoso-fleet",
      iccid: ICCID,
      eid: "89049032123451234512345678901235",
      carrierId: "carrier-a",
      profileType: "consumer-5g",
      smdpState: "Released",
      portalStatus: "Active",
      matchingId: "04386-AGYFT-A74Y8-3F815",
      activationCode: ACTIVATION_CODE,
      confirmationCodeRequired: false,
      deviceName: "Roles device",
      imei: "352099001761481",
      owner: "Roles owner",
      ownerEmail: null,
      group: "e2e-roles",
    });
  } finally {
    await store.close();
  }
});

for (const username of ["support@contoso.example", "auditor@contoso.example"]) {
  test.describe(`as ${username}`, () => {
    test.beforeEach(async ({ page }) => {
      const user = userNamed(username);
      await signInThroughProvider(page, user.username, user.password);
      await expect(page).toHaveURL(/\/dashboard$/);
    });

    test("fleet has no provision control", async ({ page }) => {
      await page.goto("/fleet?group=e2e-roles");
      await expect(page.getByRole("table")).toBeVisible();
      await expect(page.getByRole("link", { name: "Provision profile" })).toHaveCount(0);
    });

    test("profile has no change controls", async ({ page }) => {
      await page.goto(`/fleet/${ICCID}`);
      await expect(page.getByText("Roles device")).toBeVisible();
      await expect(page.getByRole("button", { name: "Transfer profile" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /Revoke profile/ })).toHaveCount(0);
    });

    test("profile page carries no activation code", async ({ page }) => {
      const response = await page.goto(`/fleet/${ICCID}`);
      const html = (await response?.text()) ?? "";
      expect(html).not.toContain("04386-AGYFT-A74Y8-3F815");
      await expect(page.getByTestId("activation-code")).toHaveCount(0);
    });

    test("provision page is refused", async ({ page }) => {
      await page.goto("/fleet/provision");
      await expect(page).toHaveURL(/\/no-access\?reason=permission$/);
      await expect(page.getByText("Your role does not allow")).toBeVisible();
    });
  });
}

test.describe("as admin", () => {
  test.beforeEach(async ({ page }) => {
    const user = userNamed("admin@contoso.example");
    await signInThroughProvider(page, user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("profile shows activation code and QR", async ({ page }) => {
    await page.goto(`/fleet/${ICCID}`);
    await expect(page.getByTestId("activation-code")).toHaveText(ACTIVATION_CODE);
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  });

  test("profile shows change controls", async ({ page }) => {
    await page.goto(`/fleet/${ICCID}`);
    await expect(page.getByRole("button", { name: "Transfer profile" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Revoke profile…" })).toBeVisible();
  });

  test("revoke dialog closes on Escape", async ({ page }) => {
    await page.goto(`/fleet/${ICCID}`);
    await page.getByLabel("Reason").nth(1).fill("Device lost");
    await page.getByRole("button", { name: "Revoke profile…" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this profile?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Revoke profile…" })).toBeFocused();
  });

  test("revoke needs a reason first", async ({ page }) => {
    await page.goto(`/fleet/${ICCID}`);
    await page.getByRole("button", { name: "Revoke profile…" }).click();
    await expect(page.getByText("Enter the reason.")).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
});
