import { DEMO_USERS } from "../../tools/oidc-provider/demo-directory";
import { expect, test } from "./fixtures";
import { signInThroughProvider, watchHydrationWarnings } from "./sign-in-flow";

const ROLE_LABELS: Record<string, string> = {
  "Portal.Admin": "Admin",
  "Portal.Support": "Support",
  "Portal.Auditor": "Auditor",
};

const contosoUsers = DEMO_USERS.filter(
  (user) => user.username.endsWith("@contoso.example") && user.roles.length > 0,
);

for (const user of contosoUsers) {
  const role = ROLE_LABELS[user.roles[0] ?? ""] ?? "";

  test(`sign-in and sign-out as ${role}`, async ({ page }) => {
    const hydrationWarnings = watchHydrationWarnings(page);

    await signInThroughProvider(page, user.username, user.password);

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(
      page.getByRole("heading", { name: `Welcome, ${user.name}` }),
    ).toBeVisible();
    await expect(page.getByTestId("user-roles")).toHaveText(role);
    await expect(page.getByTestId("user-organization")).toHaveText(
      "Contoso Fleet",
    );
    await expect(page.getByTestId("signed-in-user")).toContainText(user.name);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(
      page.getByRole("heading", { name: "You are signed out" }),
    ).toBeVisible();

    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fdashboard$/);
    expect(hydrationWarnings).toEqual([]);

    // The provider session ended too: signing in asks for the password.
    await signInThroughProvider(page, user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard$/);
  });
}

test("user without role sees no access", async ({ page }) => {
  const user = DEMO_USERS.find((candidate) => candidate.roles.length === 0);
  if (!user) throw new Error("The demo directory has no user without a role.");

  await signInThroughProvider(page, user.username, user.password);

  await expect(page).toHaveURL(/\/no-access$/);
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("unauthenticated dashboard visit redirects to sign-in", async ({
  page,
}) => {
  await page.goto("/dashboard");

  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fdashboard$/);
  await expect(
    page.getByRole("button", { name: "Sign in with Microsoft" }),
  ).toBeVisible();
});

test("sign-in returns to the requested page", async ({ page }) => {
  const user = DEMO_USERS[0];
  if (!user) throw new Error("The demo directory is empty.");

  await signInThroughProvider(
    page,
    user.username,
    user.password,
    "/dashboard?view=summary",
  );

  await expect(page).toHaveURL(/\/dashboard\?view=summary$/);
});

test("admin records an acknowledgement", async ({ page }) => {
  const admin = DEMO_USERS.find((user) => user.roles.includes("Portal.Admin"));
  if (!admin) throw new Error("The demo directory has no admin.");
  await signInThroughProvider(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page
    .getByLabel("Acknowledgement note")
    .fill("Checked the fleet notice");
  await page.getByRole("button", { name: "Record acknowledgement" }).click();

  await expect(page.getByRole("status")).toContainText(
    "Recorded as audit entry",
  );
});
