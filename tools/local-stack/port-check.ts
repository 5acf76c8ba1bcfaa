import net from "node:net";

/**
 * Throws a clear error when `port` on localhost is already taken, instead of
 * letting a child server fail with EADDRINUSE.
 */
export async function assertPortFree(
  port: number,
  variable: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use. Stop what uses it or pick another port, e.g. ${variable}=${port + 100} npm start.`,
            )
          : error,
      );
    });
    server.listen(port, "localhost", () => server.close(() => resolve()));
  });
}
