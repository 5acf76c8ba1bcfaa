import { test as base, expect } from "@playwright/test";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Playwright's `test` with every request to a host other than localhost
 * aborted, so a stray request to the internet fails loudly at once, and
 * Chromium trusting the local identity provider's certificate (and no
 * other untrusted one) through its public-key hash.
 */
export const test = base.extend<object, { localCertificateTrust: void }>({
  launchOptions: [
    async ({ launchOptions }, use) => {
      const spkiHash = process.env.LOCALHOST_SPKI_HASH;
      const args = [...(launchOptions.args ?? [])];
      if (spkiHash)
        args.push(`--ignore-certificate-errors-spki-list=${spkiHash}`);
      await use({ ...launchOptions, args });
    },
    { scope: "worker" },
  ],
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
