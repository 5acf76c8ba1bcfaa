// The carriers of the local stack: the source carrier file (by default
// config/carriers.local.json) with its `simulator` blocks, and the carrier
// file the portal reads, which points at the simulators' actual ports.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { createCarrierRegistry } from "@/lib/smdp/carrier-registry";
import type { CarrierRegistry } from "@/lib/smdp/carrier-registry";

/** One carrier entry of a carrier file, fields kept as written. */
export type CarrierEntry = Record<string, unknown> & {
  id: string;
  name: string;
  es2BaseUrl: string;
  certificates: { ca: string; clientCert: string; clientKey: string };
  notificationCaller: Record<string, unknown> & { ca?: string };
  simulator?: Record<string, unknown>;
};

const entrySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  es2BaseUrl: z.string(),
  certificates: z.looseObject({
    ca: z.string(),
    clientCert: z.string(),
    clientKey: z.string(),
  }),
  notificationCaller: z.looseObject({ ca: z.string().optional() }),
  simulator: z.record(z.string(), z.unknown()).optional(),
});

export interface LocalCarriers {
  /** Absolute path of the source file. */
  sourceFile: string;
  /** Entries with absolute certificate paths, in file order. */
  entries: CarrierEntry[];
  /** Registry of the source entries: carrier identities, not base URLs. */
  registry: CarrierRegistry;
}

/**
 * Reads and validates the source carrier file, with every certificate path
 * resolved against the file's folder, so the entries stay valid when
 * written to another folder.
 *
 * @throws CarrierConfigError naming the file, carrier and field at fault
 */
export async function loadLocalCarriers(file: string): Promise<LocalCarriers> {
  const sourceFile = path.resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(sourceFile, "utf8"));
  } catch (error) {
    throw new Error(
      `Cannot read the carrier file ${sourceFile}: ${String(error)}. ` +
        "Restore config/carriers.local.json or point CARRIERS_FILE at a valid file.",
    );
  }
  // Full validation first, so errors name the field as the portal would.
  createCarrierRegistry(raw, sourceFile);
  const folder = path.dirname(sourceFile);
  const absolute = (target: string) => path.resolve(folder, target);
  const carriers = z
    .object({ carriers: z.array(entrySchema) })
    .parse(raw).carriers;
  const entries = carriers.map((carrier): CarrierEntry => ({
    ...carrier,
    certificates: {
      ...carrier.certificates,
      ca: absolute(carrier.certificates.ca),
      clientCert: absolute(carrier.certificates.clientCert),
      clientKey: absolute(carrier.certificates.clientKey),
    },
    notificationCaller: {
      ...carrier.notificationCaller,
      ...(carrier.notificationCaller.ca === undefined
        ? {}
        : { ca: absolute(carrier.notificationCaller.ca) }),
    },
  }));
  return {
    sourceFile,
    entries,
    registry: createCarrierRegistry({ carriers: entries }, sourceFile),
  };
}

/**
 * Writes the carrier file the portal and the worker read: the source
 * entries without their `simulator` blocks, and with the base URL of each
 * simulated carrier replaced by its simulator's URL.
 */
export async function writePortalCarriersFile(
  file: string,
  entries: CarrierEntry[],
  simulatorUrls: ReadonlyMap<string, string>,
): Promise<void> {
  const carriers = entries.map((entry) => {
    const { simulator: _simulator, ...carrier } = entry;
    void _simulator;
    const url = simulatorUrls.get(entry.id);
    return url === undefined ? carrier : { ...carrier, es2BaseUrl: url };
  });
  // Validates what is written with the portal's own schema.
  createCarrierRegistry({ carriers }, file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ carriers }, null, 2)}\n`);
}
