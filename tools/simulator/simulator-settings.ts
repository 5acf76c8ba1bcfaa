// Settings of one simulated carrier SM-DP+, as JSON (config file, control
// API) or as options of startSimulator. Validated with zod at every entry.
import { z } from "zod";
import { ES2_FUNCTIONS } from "@/lib/smdp/es2plus-types";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export const latencySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), ms: z.number().min(0) }),
  z.object({
    kind: z.literal("uniform"),
    minMs: z.number().min(0),
    maxMs: z.number().min(0),
  }),
  z.object({
    kind: z.literal("normal"),
    meanMs: z.number().min(0),
    stdDevMs: z.number().min(0),
  }),
]);

/** Added response latency; samples below zero are clipped to zero. */
export type LatencyDistribution = z.infer<typeof latencySchema>;

const codeSchema = z.object({
  subjectCode: z.string().min(1),
  reasonCode: z.string().min(1),
  message: z.string().optional(),
});

export const GARBAGE_KINDS = [
  "empty-200",
  "html-500",
  "json-without-header",
] as const;

export type GarbageKind = (typeof GARBAGE_KINDS)[number];

export const faultSchema = z.discriminatedUnion("kind", [
  /** Respond Failed (or Expired) with these codes, without executing. */
  z.object({
    kind: z.literal("status"),
    subjectCode: z.string().min(1),
    reasonCode: z.string().min(1),
    message: z.string().optional(),
    executionStatus: z.enum(["Failed", "Expired"]).optional(),
  }),
  /** Respond Failed with no statusCodeData, without executing. */
  z.object({ kind: z.literal("failed-without-status-code-data") }),
  /** Execute, then respond Executed-WithWarning with these codes. */
  z.object({
    kind: z.literal("warning"),
    subjectCode: z.string().min(1),
    reasonCode: z.string().min(1),
  }),
  /** Never respond; the connection stays open until the client gives up. */
  z.object({ kind: z.literal("hold"), executeFirst: z.boolean().optional() }),
  /** Execute, then respond after `ms` more milliseconds than the latency. */
  z.object({ kind: z.literal("delay"), ms: z.number().min(0) }),
  /** Destroy the socket without responding. */
  z.object({ kind: z.literal("drop"), executeFirst: z.boolean().optional() }),
  ...GARBAGE_KINDS.map((kind) =>
    z.object({ kind: z.literal(kind), executeFirst: z.boolean().optional() }),
  ),
]);

/**
 * One fault forced on the next matching calls. Hold and drop execute the
 * function first unless `executeFirst` is false, because an SM-DP+ that
 * loses its response on the way back has already executed the call.
 * Garbage responses do not execute unless `executeFirst` is true.
 */
export type Fault = z.infer<typeof faultSchema>;

export const forcedFaultSchema = z.object({
  fault: faultSchema,
  /** Only calls of this function; any function when absent. */
  function: z.enum(ES2_FUNCTIONS).optional(),
  /** Number of calls it applies to; default 1. */
  times: z.number().int().min(1).optional(),
});

export type ForcedFault = z.infer<typeof forcedFaultSchema>;

export const DEVICE_OUTCOMES = [
  "install",
  "eligibility-failure",
  "confirmation-failure",
  "download-failure",
  "user-rejected",
  "installation-failure",
  "silent",
] as const;

/** End of the simulated device: installed, a failure step, or silence. */
export type DeviceOutcome = (typeof DEVICE_OUTCOMES)[number];

export const deviceSchema = z.object({
  outcome: z.enum(DEVICE_OUTCOMES).default("install"),
  /** Delay before each step, counted from the previous one. */
  delaysMs: z
    .object({
      eligibility: z.number().min(0),
      download: z.number().min(0),
      installation: z.number().min(0),
    })
    .default({ eligibility: 2_000, download: 3_000, installation: 3_000 }),
  /** Notification variants that real SM-DP+s send. */
  quirks: z
    .object({
      timeStampField: z.boolean().default(false),
      epochSeconds: z.boolean().default(false),
      stringIds: z.boolean().default(false),
      trailingF: z.boolean().default(false),
      duplicates: z.boolean().default(false),
      extraFields: z.boolean().default(false),
    })
    .default({
      timeStampField: false,
      epochSeconds: false,
      stringIds: false,
      trailingF: false,
      duplicates: false,
      extraFields: false,
    }),
});

export type DeviceSettings = z.infer<typeof deviceSchema>;

const rate = z.number().min(0).max(1);

export const simulatorSettingsSchema = z.object({
  carrierId: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and -"),
  /** Interface to listen on; loopback only. */
  host: z
    .string()
    .refine((host) => LOOPBACK_HOSTS.has(host), "a loopback address")
    .default("127.0.0.1"),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65_535).default(0),
  /** Mount point of the ES2+ paths, for example "/carrier-a/es2". */
  pathPrefix: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, "empty or /segment/segment")
    .default(""),
  /** Address returned by ConfirmOrder and used in notification headers. */
  smdpAddress: z.string().min(1).default("localhost"),
  /** When false, ConfirmOrder omits smdpAddress (carrier default applies). */
  returnSmdpAddress: z.boolean().default(true),
  profileTypes: z
    .array(
      z.object({
        profileType: z.string().min(1),
        count: z.number().int().min(0).max(1_000_000),
      }),
    )
    .min(1),
  /** Leading ICCID digits; derived from carrierId when absent. */
  iccidPrefix: z
    .string()
    .regex(/^89\d{2,8}$/)
    .optional(),
  latency: latencySchema.default({ kind: "fixed", ms: 0 }),
  failures: z.object({ rate, codes: z.array(codeSchema).min(1) }).optional(),
  timeouts: z
    .object({
      rate,
      behaviour: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("never-answer") }),
        z.object({ kind: z.literal("answer-after"), ms: z.number().min(0) }),
      ]),
    })
    .optional(),
  garbage: z
    .object({ rate, kinds: z.array(z.enum(GARBAGE_KINDS)).min(1) })
    .optional(),
  drops: z.object({ rate }).optional(),
  device: deviceSchema.default(deviceSchema.parse({})),
  /** Portal endpoint for HandleDownloadProgressInfo; loopback hosts only. */
  notificationUrl: z
    .url({ protocol: /^https$/ })
    .refine(
      (url) => LOOPBACK_HOSTS.has(new URL(url).hostname),
      "a https URL on localhost, 127.0.0.1 or ::1",
    )
    .optional(),
  /**
   * Highest TLS version offered. SGP.22 v2.2 specifies TLS 1.2 for ES2+, and
   * under TLS 1.2 a rejected client certificate ends the handshake, whereas
   * under TLS 1.3 a Node server closes the connection only after it.
   */
  tlsMaxVersion: z.enum(["TLSv1.2", "TLSv1.3"]).default("TLSv1.2"),
  /** Enables POST/DELETE /_sim/faults; for tests and local use. */
  controlApi: z.boolean().default(false),
  /** Seed of the random rolls (rates, latency), for repeatable runs. */
  seed: z.number().int().default(1),
});

export type SimulatorSettingsInput = z.input<typeof simulatorSettingsSchema>;
export type SimulatorSettings = z.output<typeof simulatorSettingsSchema>;
