import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider } from "./sign-in-flow";

const admin = DEMO_USERS.find((user) => user.username === "admin@contoso.example")!;

test.beforeEach(async ({ page }) => {
  await signInThroughProvider(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/fleet/provision");
  await expect(
    page.getByRole("heading", { name: "Provision a profile" }),
  ).toBeVisible();
});

test("EID check digits flagged while typing", async ({ page }) => {
  const eid = page.getByRole("textbox", { name: /^EID/ });
  await eid.pressSequentially("89049032123451234512345678901234");

  await expect(page.getByText(/check digits \(the last two\) do not match/)).toBeVisible();
  await expect(eid).toHaveAttribute("aria-invalid", "true");
});

test("valid EID shows no error", async ({ page }) => {
  const eid = page.getByRole("textbox", { name: /^EID/ });
  await eid.pressSequentially("89049032123451234512345678901235");
  await eid.blur();

  await expect(eid).not.toHaveAttribute("aria-invalid", "true");
});

test("IMEI Luhn digit flagged while typing", async ({ page }) => {
  await page.getByLabel("IMEI").pressSequentially("352099001761482");
  await expect(page.getByText(/not its Luhn check digit/)).toBeVisible();
});

test("profile types follow the carrier", async ({ page }) => {
  const carrier = page.getByLabel("Carrier");
  const options = page.getByLabel("Profile type").locator("option");
  const before = await options.allInnerTexts();
  const carriers = await carrier.locator("option").allInnerTexts();
  test.skip(carriers.length < 2, "needs two configured carriers");

  await carrier.selectOption({ index: 1 });
  await expect(options).not.toHaveText(before);
});

test("server rejects missing device name", async ({ page }) => {
  await page.getByRole("button", { name: "Provision profile" }).click();
  await expect(page.getByText("Enter the device name.")).toBeVisible();
  await expect(page.getByText("Some fields are invalid")).toBeVisible();
});

test("confirmation code is a password field", async ({ page }) => {
  await expect(page.getByLabel("Confirmation code")).toHaveAttribute(
    "type",
    "password",
  );
});
