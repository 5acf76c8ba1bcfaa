import { test as base, expect } from "@playwright/test";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Playwright's `test` with every request to a host other than localhost
 * aborted, so a stray request to the internet fails loudly at once.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const local =
        LOCAL_HOSTS.has(url.hostname) ||
        url.protocol === "data:" ||
        url.protocol === "blob:";
      return local ? route.continue() : route.abort("blockedbyclient");
    });
    await use(context);
  },
  baseURL: async ({}, use) => {
    const url = process.env.PORTAL_URL;
    if (!url) throw new Error("PORTAL_URL is not set: global setup failed.");
    await use(url);
  },
});

export { expect };
