import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** Signs in through the portal's sign-in page and the provider's form. */
export async function signInThroughProvider(
  page: Page,
  username: string,
  password: string,
  startPath = "/sign-in",
): Promise<void> {
  await page.goto(startPath);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByLabel("User name")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(process.env.IDP_ORIGIN);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Collects console errors and warnings that mention hydration. */
export function watchHydrationWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/hydrat/i.test(text)) warnings.push(text);
  });
  return warnings;
}
