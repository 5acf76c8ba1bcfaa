// ES2+ SM-DP+ simulator of one carrier: an HTTPS server that requires a
// client certificate from the configured CA and serves the four ES2+
// functions with the real state machine, status codes and idempotent
// resends, plus configurable latency and faults.
//
// Several carriers run as several simulators in one process, one server
// and port each: every real carrier is its own host with its own CA and
// port, so the portal's per-carrier URL and TLS settings get exercised.
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { SmdpState } from "@/lib/esim";
import type { CarrierTls } from "@/lib/smdp/es2plus-transport";
import {
  ACCEPTED_ADMIN_PROTOCOL,
  ADMIN_PROTOCOL,
  ES2_FUNCTIONS,
  ES2_PATHS,
  type Es2Function,
  type ExecutionStatus,
} from "@/lib/smdp/es2plus-types";
import {
  executeFunction,
  failureBody,
  SIMULATOR_CODES,
} from "./es2plus-functions";
import { executesBeforeFault, FaultPlan } from "./fault-plan";
import { ProfileInventory, type SimulatedProfile } from "./profile-inventory";
import { createRandomSource, sampleLatency } from "./random-source";
import { handleControlRequest } from "./control-api";
import { SimulatedDevices, type NotificationRecord } from "./simulated-device";
import {
  deviceSchema,
  simulatorSettingsSchema,
  type DeviceSettings,
  type Fault,
  type ForcedFault,
  type SimulatorSettingsInput,
} from "./simulator-settings";

export interface SimulatorOptions extends SimulatorSettingsInput {
  /** Server certificate and key, and the CA that client certificates need. */
  tls: CarrierTls;
  /** Carrier client certificate and portal CA for posting notifications. */
  notificationTls?: CarrierTls;
  logger?: Logger;
}

/** Handling of one request by the simulator. */
export type CallHandling =
  "executed" | "replayed" | "identifier-reused" | "malformed" | "fault";

export interface CallLogEntry {
  receivedAt: string;
  function: Es2Function;
  functionCallIdentifier: string | null;
  handling: CallHandling;
  fault: Fault["kind"] | null;
  /** Status sent, or null when no ES2+ body was sent. */
  status: ExecutionStatus | null;
  subjectCode: string | null;
  reasonCode: string | null;
  clientCommonName: string | null;
}

export interface SimulatorHandle {
  carrierId: string;
  /** Base URL to configure in the portal, including the path prefix. */
  url: string;
  port: number;
  callLog: CallLogEntry[];
  notifications: NotificationRecord[];
  /** Real executions per function; replays and pre-empting faults excluded. */
  executions: Record<Es2Function, number>;
  /** Successful DownloadOrder executions: orders actually placed. */
  ordersExecuted(): number;
  /** TLS connections accepted so far (with a valid client certificate). */
  connectionCount(): number;
  profile(iccid: string): SimulatedProfile | undefined;
  profiles(filter?: {
    profileType?: string;
    state?: SmdpState;
  }): SimulatedProfile[];
  countByState(profileType?: string): Partial<Record<SmdpState, number>>;
  injectFault(forced: ForcedFault): void;
  clearFaults(): void;
  updateDevice(settings: Partial<DeviceSettings>): void;
  /** Resolves once every simulated device has finished or stopped. */
  devicesSettled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;
// Stored responses kept for resend detection; the oldest go first.
const MAX_STORED_RESPONSES = 100_000;

const FUNCTION_BY_PATH = new Map<string, Es2Function>(
  ES2_FUNCTIONS.map((fn) => [ES2_PATHS[fn], fn]),
);

interface StoredResponse {
  fingerprint: string;
  body: Record<string, unknown>;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

function readRequestBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on("end", () =>
      resolve(
        size > MAX_REQUEST_BYTES
          ? null
          : Buffer.concat(chunks).toString("utf8"),
      ),
    );
    request.on("error", reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    // Parameters on the content type, as real SM-DP+s send it.
    "Content-Type": "application/json;charset=UTF-8",
    "X-Admin-Protocol": ADMIN_PROTOCOL,
    "Content-Length": Buffer.byteLength(text),
  });
  response.end(text);
}

function statusOf(body: Record<string, unknown>): {
  status: ExecutionStatus | null;
  subjectCode: string | null;
  reasonCode: string | null;
} {
  const header = body.header as
    | {
        functionExecutionStatus?: {
          status?: ExecutionStatus;
          statusCodeData?: Record<string, string>;
        };
      }
    | undefined;
  const execution = header?.functionExecutionStatus;
  return {
    status: execution?.status ?? null,
    subjectCode: execution?.statusCodeData?.subjectCode ?? null,
    reasonCode: execution?.statusCodeData?.reasonCode ?? null,
  };
}

/** Starts one carrier's simulated SM-DP+ and resolves once it listens. */
export async function startSimulator(
  options: SimulatorOptions,
): Promise<SimulatorHandle> {
  const { tls, notificationTls, logger, ...input } = options;
  const settings = simulatorSettingsSchema.parse(input);
  const random = createRandomSource(settings.seed);
  const inventory = new ProfileInventory(settings);
  const faults = new FaultPlan(settings, random);
  let device = settings.device;
  const devices = new SimulatedDevices({
    inventory,
    settings: () => device,
    notificationUrl: settings.notificationUrl,
    notificationTls,
    smdpAddress: settings.smdpAddress,
    logger,
  });

  const stored = new Map<string, StoredResponse>();
  const callLog: CallLogEntry[] = [];
  const executions = Object.fromEntries(
    ES2_FUNCTIONS.map((fn) => [fn, 0]),
  ) as Record<Es2Function, number>;
  let ordersExecuted = 0;
  const context = {
    inventory,
    smdpAddress: settings.smdpAddress,
    returnSmdpAddress: settings.returnSmdpAddress,
  };

  /** Runs the function once per call identifier and parameters. */
  function executeOnce(
    fn: Es2Function,
    requester: string,
    callId: string,
    fields: Record<string, unknown>,
  ): { body: Record<string, unknown>; handling: CallHandling } {
    const key = `${requester}\u0000${callId}`;
    const fingerprint = `${fn}:${canonicalJson(fields)}`;
    const previous = stored.get(key);
    if (previous !== undefined) {
      if (previous.fingerprint === fingerprint) {
        return { body: previous.body, handling: "replayed" };
      }
      // SGP.22 defines no code for a reused identifier with new parameters.
      return {
        body: failureBody({
          ...SIMULATOR_CODES.malformed,
          subjectIdentifier: callId,
          message:
            "functionCallIdentifier was already used with different parameters; " +
            "use a new identifier for a new call.",
        }),
        handling: "identifier-reused",
      };
    }

    const result = executeFunction(fn, context, fields);
    executions[fn] += 1;
    if (fn === "downloadOrder" && result.succeeded) {
      ordersExecuted += 1;
    }
    if (result.cancelledIccid !== null) {
      devices.cancel(result.cancelledIccid);
    }
    if (result.releasedIccid !== null) {
      devices.start(result.releasedIccid);
    }

    stored.set(key, { fingerprint, body: result.body });
    if (stored.size > MAX_STORED_RESPONSES) {
      const oldest = stored.keys().next().value;
      if (oldest !== undefined) {
        stored.delete(oldest);
      }
    }
    return { body: result.body, handling: "executed" };
  }

  function withWarning(
    body: Record<string, unknown>,
    fault: Extract<Fault, { kind: "warning" }>,
  ): Record<string, unknown> {
    if (statusOf(body).status !== "Executed-Success") {
      return body;
    }
    return {
      ...body,
      header: {
        functionExecutionStatus: {
          status: "Executed-WithWarning",
          statusCodeData: {
            subjectCode: fault.subjectCode,
            reasonCode: fault.reasonCode,
          },
        },
      },
    };
  }

  /** Sends the response a fault calls for; returns false when none is sent. */
  function respondWithFault(
    fault: Fault,
    request: IncomingMessage,
    response: ServerResponse,
    executed: Record<string, unknown> | null,
  ): boolean {
    switch (fault.kind) {
      case "status":
        sendJson(
          response,
          200,
          failureBody(
            {
              subjectCode: fault.subjectCode,
              reasonCode: fault.reasonCode,
              ...(fault.message === undefined
                ? {}
                : { message: fault.message }),
            },
            fault.executionStatus ?? "Failed",
          ),
        );
        return true;
      case "failed-without-status-code-data":
        sendJson(response, 200, failureBody(null));
        return true;
      case "empty-200":
        response.writeHead(200, {
          "Content-Type": "application/json",
          "Content-Length": 0,
        });
        response.end();
        return true;
      case "html-500": {
        const html =
          "<html><head><title>500 Internal Server Error</title></head>" +
          "<body><h1>Internal Server Error</h1></body></html>";
        response.writeHead(500, {
          "Content-Type": "text/html",
          "Content-Length": Buffer.byteLength(html),
        });
        response.end(html);
        return true;
      }
      case "json-without-header": {
        const { header: _header, ...data } = executed ?? {};
        void _header;
        sendJson(response, 200, { ...data, result: "OK" });
        return true;
      }
      case "drop":
        request.socket.destroy();
        return false;
      case "hold":
        // No response: the request stays open until the client closes it.
        return false;
      case "warning":
      case "delay":
        return false;
    }
  }

  async function handleEs2(
    fn: Es2Function,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const peer = (request.socket as TLSSocket).getPeerCertificate();
    const entry: CallLogEntry = {
      receivedAt: new Date().toISOString(),
      function: fn,
      functionCallIdentifier: null,
      handling: "malformed",
      fault: null,
      status: null,
      subjectCode: null,
      reasonCode: null,
      clientCommonName:
        typeof peer?.subject?.CN === "string" ? peer.subject.CN : null,
    };
    callLog.push(entry);

    const finish = (body: Record<string, unknown>) => {
      Object.assign(entry, statusOf(body));
      sendJson(response, 200, body);
    };
    const rejectMalformed = (message: string) =>
      finish(failureBody({ ...SIMULATOR_CODES.malformed, message }));

    const raw = await readRequestBody(request);
    const contentType = (request.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim();
    const protocol = request.headers["x-admin-protocol"];
    if (raw === null) {
      return rejectMalformed(
        `Request body larger than ${MAX_REQUEST_BYTES} bytes.`,
      );
    }
    if (contentType !== "application/json") {
      return rejectMalformed("Content-Type must be application/json.");
    }
    if (
      typeof protocol !== "string" ||
      !ACCEPTED_ADMIN_PROTOCOL.test(protocol)
    ) {
      return rejectMalformed("X-Admin-Protocol must be gsma/rsp/v2.x.y.");
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return rejectMalformed("The body is not valid JSON.");
    }
    const body = (
      typeof parsed === "object" && parsed !== null ? parsed : {}
    ) as Record<string, unknown>;
    const header = body.header as Record<string, unknown> | undefined;
    const requester = header?.functionRequesterIdentifier;
    const callId = header?.functionCallIdentifier;
    if (
      typeof requester !== "string" ||
      requester === "" ||
      typeof callId !== "string" ||
      callId === ""
    ) {
      return rejectMalformed(
        "header.functionRequesterIdentifier and header.functionCallIdentifier are required.",
      );
    }
    entry.functionCallIdentifier = callId;
    const { header: _header, ...fields } = body;
    void _header;

    const fault = faults.next(fn);
    entry.fault = fault?.kind ?? null;
    const latencyMs = sampleLatency(settings.latency, random);
    if (latencyMs > 0) {
      await sleep(latencyMs);
    }

    if (fault !== null && !executesBeforeFault(fault)) {
      entry.handling = "fault";
      respondWithFault(fault, request, response, null);
      return;
    }

    const outcome = executeOnce(fn, requester, callId, fields);
    entry.handling = outcome.handling;
    let responseBody = outcome.body;
    if (fault?.kind === "warning") {
      responseBody = withWarning(responseBody, fault);
    }
    if (fault?.kind === "delay") {
      await sleep(fault.ms);
    }
    if (fault === null || fault.kind === "warning" || fault.kind === "delay") {
      finish(responseBody);
      return;
    }
    respondWithFault(fault, request, response, responseBody);
  }

  async function route(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const path = new URL(request.url ?? "/", "https://localhost").pathname;
    if (settings.controlApi && path.startsWith("/_sim/")) {
      await handleControlRequest(request, response, path, {
        injectFault: (forced) => faults.force(forced),
        clearFaults: () => faults.clear(),
        updateDevice: (partial) => handle.updateDevice(partial),
        stats: () => ({
          executions,
          ordersExecuted,
          countByState: inventory.countByState(),
        }),
      });
      return;
    }

    const fn = path.startsWith(settings.pathPrefix)
      ? FUNCTION_BY_PATH.get(path.slice(settings.pathPrefix.length))
      : undefined;
    if (fn === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("Not found");
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405, { Allow: "POST", "Content-Type": "text/plain" });
      response.end("Method not allowed");
      return;
    }
    await handleEs2(fn, request, response);
  }

  const server = https.createServer(
    {
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
      maxVersion: settings.tlsMaxVersion,
    },
    (request, response) => {
      route(request, response).catch((error: unknown) => {
        logger?.error(
          { carrierId: settings.carrierId, error: String(error) },
          "simulator request failed",
        );
        if (!response.headersSent) {
          response.writeHead(500, { "Content-Type": "text/plain" });
        }
        response.end();
      });
    },
  );

  let connections = 0;
  server.on("secureConnection", () => {
    connections += 1;
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    settings.host.includes(":") && !settings.host.startsWith("[")
      ? `[${settings.host}]`
      : settings.host;
  const url = `https://${host}:${port}${settings.pathPrefix}`;
  logger?.info(
    { carrierId: settings.carrierId, url },
    "SM-DP+ simulator listening",
  );

  const handle: SimulatorHandle = {
    carrierId: settings.carrierId,
    url,
    port,
    callLog,
    notifications: devices.notifications,
    executions,
    ordersExecuted: () => ordersExecuted,
    connectionCount: () => connections,
    profile: (iccid) => {
      const profile = inventory.get(iccid);
      return profile === undefined ? undefined : { ...profile };
    },
    profiles: (filter) => inventory.list(filter),
    countByState: (profileType) => inventory.countByState(profileType),
    injectFault: (forced) => faults.force(forced),
    clearFaults: () => faults.clear(),
    updateDevice: (partial) => {
      device = deviceSchema.parse({ ...device, ...partial });
    },
    devicesSettled: () => devices.settled(),
    close: async () => {
      devices.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      logger?.info(
        { carrierId: settings.carrierId },
        "SM-DP+ simulator stopped",
      );
    },
  };
  return handle;
}
