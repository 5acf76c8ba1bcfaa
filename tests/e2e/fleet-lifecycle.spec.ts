import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider } from "./sign-in-flow";

// The walk-through needs the SM-DP+ simulators and the operations worker in
// the stack that global setup starts; the stack sets E2E_OPERATIONS=1 then.
test.skip(
  process.env.E2E_OPERATIONS !== "1",
  "needs the SM-DP+ simulators and the worker (E2E_OPERATIONS=1)",
);

// Provisioning runs three ES2+ calls and waits for the simulated device's
// notifications, so each wait allows for worker polling and backoff.
test.setTimeout(180_000);
const OPERATION_WAIT_MS = 60_000;

const admin = DEMO_USERS.find((user) => user.username === "admin@contoso.example")!;
const FIRST_EID = "89086030202200000022000023022943";
const SECOND_EID = "89044045116727494800000004479366";

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
  const operation = page.getByTestId("operation");
  await expect(operation).toHaveAttribute("data-state", "succeeded", {
    timeout: OPERATION_WAIT_MS,
  });
  await expect(operation.getByText("DownloadOrder")).toBeVisible();
  await expect(operation.getByText("ConfirmOrder")).toBeVisible();

  await operation.getByRole("link", { name: /Open profile/ }).click();
  await expect(page).toHaveURL(/\/fleet\/89\d+$/);
  const profileUrl = page.url();
  await expect(page.getByTestId("activation-code")).toContainText("1$");
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();

  // The simulated device reports download and installation.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Installed", { exact: true })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: OPERATION_WAIT_MS });
  await expect(page.getByTestId("notification").first()).toBeVisible();

  // Transfer to a second device.
  await page.getByLabel("New EID").fill(SECOND_EID);
  await page.getByLabel("Reason").first().fill("Device replaced");
  await page.getByRole("button", { name: "Transfer profile" }).click();
  const transfer = page
    .getByTestId("operation")
    .filter({ has: page.getByRole("heading", { name: "Transfer" }) });
  await expect(transfer).toBeVisible();
  await expect(transfer).toHaveAttribute("data-state", /succeeded|failed/, {
    timeout: OPERATION_WAIT_MS,
  });
  await expect(transfer).toHaveAttribute("data-state", "succeeded");

  // Revoke the old profile. After the transfer it is retired, so the portal
  // either refuses with the reason or runs CancelOrder to a final state.
  await page.goto(profileUrl);
  await page.getByLabel("Reason").nth(1).fill("Lifecycle test");
  await page.getByRole("button", { name: "Revoke profile…" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this profile?" })
    .getByRole("button", { name: "Revoke" })
    .click();
  const revoke = page
    .getByTestId("operation")
    .filter({ has: page.getByRole("heading", { name: "Revoke" }) })
    .and(page.locator('[data-state="succeeded"], [data-state="failed"]'));
  await expect(
    revoke.or(page.getByText(/cannot be revoked/)).first(),
  ).toBeVisible({ timeout: OPERATION_WAIT_MS });
});
