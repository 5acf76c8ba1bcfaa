import { expect, test } from "./fixtures";

test("home page shows the product name and sign-in", async ({ page }) => {
  await page.goto("/");

  await expect(
    page.getByRole("heading", { name: "NexoraSIM Portal" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});
