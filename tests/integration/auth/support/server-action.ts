import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { sendRequest, type RawResponse } from "./https-client";

const manifestSchema = z.object({
  node: z.record(
    z.string(),
    z
      .object({
        exportedName: z.string().optional(),
        filename: z.string().optional(),
      })
      .loose(),
  ),
});

/** Reads a server action's id from the build's server reference manifest. */
export async function findServerActionId(
  exportedName: string,
): Promise<string> {
  const file = path.resolve(".next/server/server-reference-manifest.json");
  const manifest = manifestSchema.parse(
    JSON.parse(await readFile(file, "utf8")),
  );
  const match = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportedName,
  );
  if (!match)
    throw new Error(`${exportedName} is not in ${file}: rebuild the portal.`);
  return match[0];
}

/**
 * Calls a server action as the Next.js client does: a POST to a page that
 * imports it, with the `Next-Action` header and the arguments as JSON.
 */
export function callServerAction(options: {
  portalUrl: string;
  pagePath: string;
  actionId: string;
  args: unknown[];
  cookie?: string;
  origin?: string;
}): Promise<RawResponse> {
  return sendRequest(`${options.portalUrl}${options.pagePath}`, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": options.actionId,
      origin: options.origin ?? options.portalUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify(options.args),
  });
}
