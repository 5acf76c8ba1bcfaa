// Carrier registry: the carriers the portal orders profiles from, read from a
// JSON file (CARRIERS_FILE, default config/carriers.local.json) and validated
// with zod. A deployment points the portal at real carriers by changing this
// file and the certificate files it names, not the code.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

import type { CarrierConnection } from "./es2plus-client";
import { DEFAULT_ES2_TIMEOUT_MS } from "./es2plus-client";
import type { CarrierTls } from "./es2plus-transport";

export const DEFAULT_CARRIERS_FILE = "config/carriers.local.json";

/** The runbook treats an SM-DP+ response slower than 30 s as a timeout. */
export const MAX_ES2_TIMEOUT_MS = 30_000;

const carrierIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lowercase letters, digits and -");

const certificatePath = z.string().trim().min(1, "a file path");

const carrierSchema = z.strictObject({
  id: carrierIdSchema,
  name: z.string().trim().min(1).max(100),
  /** Base URL the ES2+ paths are appended to; may carry a path prefix. */
  es2BaseUrl: z.url({ protocol: /^https$/, error: "an https URL" }),
  functionRequesterIdentifier: z.string().trim().min(1).max(255),
  /** Used in activation codes when ConfirmOrder returns no smdpAddress. */
  defaultSmdpAddress: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "a host name, optionally with :port"),
  certificates: z.strictObject({
    /** CA that issued the SM-DP+ server certificate. */
    ca: certificatePath,
    /** Client certificate the portal presents to this SM-DP+. */
    clientCert: certificatePath,
    clientKey: certificatePath,
  }),
  profileTypes: z.array(z.string().trim().min(1).max(255)).min(1),
  /** Whole-call timeout in milliseconds, at most 30 000. */
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(MAX_ES2_TIMEOUT_MS, "at most 30000 (the runbook's timeout)")
    .default(DEFAULT_ES2_TIMEOUT_MS),
  /**
   * When false, ConfirmOrder is sent with releaseFlag false and the profile
   * is released by a separate ReleaseProfile call.
   */
  releaseOnConfirm: z.boolean().default(true),
  /** Identity this carrier's SM-DP+ presents to the notification endpoint. */
  notificationCaller: z
    .strictObject({
      /** Subject common name of the client certificate it presents. */
      commonName: z.string().trim().min(1).optional(),
      /** SHA-256 fingerprint, hex with or without colons, any case. */
      fingerprint256: z
        .string()
        .trim()
        .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, "64 hex digits")
        .optional(),
      /** CA that issued that client certificate; checked when present. */
      ca: certificatePath.optional(),
    })
    .refine(
      (caller) =>
        caller.commonName !== undefined || caller.fingerprint256 !== undefined,
      "set commonName or fingerprint256",
    ),
  /**
   * Settings of the local SM-DP+ simulator that replaces this carrier in
   * the local stack. The simulator validates them when it starts.
   */
  simulator: z.record(z.string(), z.unknown()).optional(),
});

const registryFileSchema = z.strictObject({
  $schema: z.string().optional(),
  carriers: z.array(carrierSchema).min(1),
});

export type CarrierConfig = z.output<typeof carrierSchema>;

/** Identity of a client certificate, as TLS or a trusted proxy reports it. */
export interface ClientCertificateIdentity {
  commonName: string | null;
  /** Upper-case hex with colons, as `X509Certificate.fingerprint256`. */
  fingerprint256: string | null;
  /** The certificate itself, when the caller has it. */
  certificate?: X509Certificate;
}

/** The carrier file, a carrier in it or one of its fields is invalid. */
export class CarrierConfigError extends Error {
  readonly code = "CARRIER_CONFIG_INVALID";

  constructor(
    readonly file: string,
    readonly carrierId: string | null,
    readonly field: string | null,
    detail: string,
  ) {
    const where = [
      carrierId === null ? null : `carrier "${carrierId}"`,
      field === null ? null : `field ${field}`,
    ]
      .filter((part) => part !== null)
      .join(", ");
    super(
      `Carrier file ${file}${where === "" ? "" : ` (${where})`}: ${detail}. ` +
        "Fix the file (or CARRIERS_FILE) and restart.",
    );
    this.name = "CarrierConfigError";
  }
}

/** A carrier id that the registry does not contain. */
export class UnknownCarrierError extends Error {
  readonly code = "CARRIER_UNKNOWN";

  constructor(
    readonly carrierId: string,
    readonly known: string[],
  ) {
    super(
      `Carrier "${carrierId}" is not configured. Choose one of: ` +
        `${known.join(", ")}.`,
    );
    this.name = "UnknownCarrierError";
  }
}

export interface CarrierRegistry {
  /** Absolute path of the file it was read from. */
  readonly file: string;
  readonly carriers: readonly CarrierConfig[];
  get(carrierId: string): CarrierConfig | undefined;
  /** @throws UnknownCarrierError */
  require(carrierId: string): CarrierConfig;
  /** Connection settings for createEs2PlusClient, with the PEMs read. */
  connection(carrierId: string): CarrierConnection;
  /** The carrier whose notificationCaller matches, or null. */
  findNotificationCaller(
    identity: ClientCertificateIdentity,
  ): CarrierConfig | null;
  /** PEMs of the CAs that issue carriers' notification client certificates. */
  notificationCaPems(): Buffer[];
}

export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/:/g, "").toUpperCase();
  return hex.match(/.{2}/g)?.join(":") ?? hex;
}

function fieldPath(issuePath: PropertyKey[]): string {
  return issuePath
    .map((part) =>
      typeof part === "number" ? `[${part}]` : `.${String(part)}`,
    )
    .join("")
    .replace(/^\./, "");
}

function toConfigError(
  file: string,
  raw: unknown,
  error: z.ZodError,
): CarrierConfigError {
  const issue = error.issues[0];
  if (issue === undefined)
    return new CarrierConfigError(file, null, null, "invalid");

  const [first, index, ...rest] = issue.path;
  let carrierId: string | null = null;
  let field = fieldPath(issue.path);
  if (first === "carriers" && typeof index === "number") {
    const carriers = (raw as { carriers?: unknown[] }).carriers ?? [];
    const candidate = (carriers[index] as { id?: unknown } | undefined)?.id;
    carrierId = typeof candidate === "string" ? candidate : `#${index + 1}`;
    field = rest.length > 0 ? fieldPath(rest) : "(carrier)";
  }
  return new CarrierConfigError(file, carrierId, field, issue.message);
}

function readPem(
  file: string,
  carrierId: string,
  field: string,
  target: string,
): Buffer {
  try {
    return readFileSync(/* turbopackIgnore: true */ target);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CarrierConfigError(
      file,
      carrierId,
      field,
      `cannot read ${target} (${reason})`,
    );
  }
}

/**
 * Build a registry from already parsed JSON. Relative certificate paths are
 * resolved against the folder of `file`. Certificates are read on first use
 * of {@link CarrierRegistry.connection}, so a missing file names itself.
 *
 * @throws CarrierConfigError naming the file, the carrier and the field
 */
export function createCarrierRegistry(
  raw: unknown,
  file: string,
): CarrierRegistry {
  const absoluteFile = path.resolve(file);
  const parsed = registryFileSchema.safeParse(raw);
  if (!parsed.success) throw toConfigError(absoluteFile, raw, parsed.error);

  const folder = path.dirname(absoluteFile);
  const resolve = (target: string) => path.resolve(folder, target);
  const carriers = parsed.data.carriers.map((carrier) => ({
    ...carrier,
    certificates: {
      ca: resolve(carrier.certificates.ca),
      clientCert: resolve(carrier.certificates.clientCert),
      clientKey: resolve(carrier.certificates.clientKey),
    },
    notificationCaller: {
      ...carrier.notificationCaller,
      ...(carrier.notificationCaller.ca === undefined
        ? {}
        : { ca: resolve(carrier.notificationCaller.ca) }),
      ...(carrier.notificationCaller.fingerprint256 === undefined
        ? {}
        : {
            fingerprint256: normalizeFingerprint(
              carrier.notificationCaller.fingerprint256,
            ),
          }),
    },
  }));

  const byId = new Map<string, CarrierConfig>();
  for (const carrier of carriers) {
    if (byId.has(carrier.id)) {
      throw new CarrierConfigError(
        absoluteFile,
        carrier.id,
        "id",
        "duplicate id",
      );
    }
    byId.set(carrier.id, carrier);
  }

  const tlsCache = new Map<string, CarrierTls>();
  const caCache = new Map<string, X509Certificate>();

  function require(carrierId: string): CarrierConfig {
    const carrier = byId.get(carrierId);
    if (carrier === undefined) {
      throw new UnknownCarrierError(carrierId, [...byId.keys()]);
    }
    return carrier;
  }

  function tlsOf(carrier: CarrierConfig): CarrierTls {
    const cached = tlsCache.get(carrier.id);
    if (cached !== undefined) return cached;
    const { ca, clientCert, clientKey } = carrier.certificates;
    const tls = {
      ca: readPem(absoluteFile, carrier.id, "certificates.ca", ca),
      cert: readPem(
        absoluteFile,
        carrier.id,
        "certificates.clientCert",
        clientCert,
      ),
      key: readPem(
        absoluteFile,
        carrier.id,
        "certificates.clientKey",
        clientKey,
      ),
    };
    tlsCache.set(carrier.id, tls);
    return tls;
  }

  function callerCa(carrier: CarrierConfig): X509Certificate | null {
    const caPath = carrier.notificationCaller.ca;
    if (caPath === undefined) return null;
    const cached = caCache.get(carrier.id);
    if (cached !== undefined) return cached;
    const pem = readPem(
      absoluteFile,
      carrier.id,
      "notificationCaller.ca",
      caPath,
    );
    const ca = new X509Certificate(pem);
    caCache.set(carrier.id, ca);
    return ca;
  }

  function matches(
    carrier: CarrierConfig,
    identity: ClientCertificateIdentity,
  ): boolean {
    const expected = carrier.notificationCaller;
    if (
      expected.fingerprint256 !== undefined &&
      (identity.fingerprint256 === null ||
        normalizeFingerprint(identity.fingerprint256) !==
          expected.fingerprint256)
    ) {
      return false;
    }
    if (
      expected.commonName !== undefined &&
      identity.commonName !== expected.commonName
    ) {
      return false;
    }
    const ca = callerCa(carrier);
    if (ca !== null && identity.certificate !== undefined) {
      return (
        identity.certificate.checkIssued(ca) &&
        identity.certificate.verify(ca.publicKey)
      );
    }
    return true;
  }

  return {
    file: absoluteFile,
    carriers,
    get: (carrierId) => byId.get(carrierId),
    require,
    connection(carrierId) {
      const carrier = require(carrierId);
      return {
        carrierId: carrier.id,
        baseUrl: carrier.es2BaseUrl,
        functionRequesterIdentifier: carrier.functionRequesterIdentifier,
        tls: tlsOf(carrier),
        timeoutMs: Math.min(carrier.timeoutMs, MAX_ES2_TIMEOUT_MS),
      };
    },
    findNotificationCaller(identity) {
      return carriers.find((carrier) => matches(carrier, identity)) ?? null;
    },
    notificationCaPems() {
      return carriers.flatMap((carrier) => {
        const caPath = carrier.notificationCaller.ca;
        return caPath === undefined
          ? []
          : [
              readPem(
                absoluteFile,
                carrier.id,
                "notificationCaller.ca",
                caPath,
              ),
            ];
      });
    },
  };
}

/**
 * Read and validate the carrier file.
 *
 * @param file path of the JSON file; default CARRIERS_FILE, else
 *   config/carriers.local.json relative to the working directory
 * @throws CarrierConfigError when the file is missing, not JSON or invalid
 */
export function loadCarrierRegistry(
  file: string = process.env.CARRIERS_FILE?.trim() || DEFAULT_CARRIERS_FILE,
): CarrierRegistry {
  const absoluteFile = path.resolve(/* turbopackIgnore: true */ file);
  let text: string;
  try {
    text = readFileSync(/* turbopackIgnore: true */ absoluteFile, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CarrierConfigError(
      absoluteFile,
      null,
      null,
      `cannot read it (${reason})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CarrierConfigError(
      absoluteFile,
      null,
      null,
      `not valid JSON (${(error as Error).message})`,
    );
  }
  return createCarrierRegistry(raw, absoluteFile);
}

let shared: CarrierRegistry | null = null;

/** Returns the process-wide registry, reading the file on first use. */
export function getCarrierRegistry(): CarrierRegistry {
  shared ??= loadCarrierRegistry();
  return shared;
}
