import net from "node:net";

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("Could not read the port of a probe socket."));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Polls `url` until it answers with any HTTP status, or throws after
 * `timeoutMs`. Certificate errors count as "not ready" only when the caller
 * did not configure trust for the local CA.
 */
export async function waitForUrl(
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      await response.body?.cancel();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`,
  );
}
