// ES2+ client of one carrier's SM-DP+: mutual TLS, strict requests,
// tolerant responses, and one classified outcome per call. Carrier
// behaviour (errors, garbage, timeouts, dropped connections) never throws;
// only invalid caller input does, before anything is sent.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { describeStatusCode, type StatusCodeDiagnosis } from "@/lib/esim";
import { classifyEs2Response, excerptBody } from "./es2plus-response";
import { prepareRequestFields } from "./es2plus-request";
import {
  createCarrierAgent,
  postJson,
  type CarrierTls,
  type TransportResult,
} from "./es2plus-transport";
import {
  ES2_PATHS,
  type Es2Function,
  type Es2RequestFields,
  type Es2ResponseData,
  type StatusCodeData,
} from "./es2plus-types";

/** Per-call timeout used by open-source ES2+ clients. */
export const DEFAULT_ES2_TIMEOUT_MS = 10_000;

export interface CarrierConnection {
  carrierId: string;
  /** Base URL the ES2+ paths are appended to; may carry a path prefix. */
  baseUrl: string;
  /** Identity agreed with the carrier, sent in every request header. */
  functionRequesterIdentifier: string;
  tls: CarrierTls;
  /** Whole-call timeout in milliseconds; default 10 000. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Caller-supplied call identifier: pass the same one to resend a call. */
export interface CallOptions {
  functionCallIdentifier?: string;
}

export type Es2Outcome<T> =
  | {
      kind: "success";
      data: T;
      executionStatus: "Executed-Success" | "Executed-WithWarning";
      statusCodeData?: StatusCodeData;
      functionCallIdentifier: string;
      latencyMs: number;
      httpStatus: number;
    }
  | {
      kind: "rejected";
      executionStatus: "Failed" | "Expired";
      statusCodeData: StatusCodeData | null;
      /** Meaning of the codes, or null when the carrier sent none. */
      diagnosis: StatusCodeDiagnosis | null;
      functionCallIdentifier: string;
      latencyMs: number;
    }
  | {
      kind: "timeout";
      timeoutMs: number;
      functionCallIdentifier: string;
      latencyMs: number;
    }
  | {
      kind: "unreachable";
      /** For example "ECONNREFUSED: ..." or "TLS handshake failure: ...". */
      cause: string;
      functionCallIdentifier: string;
      latencyMs: number;
    }
  | {
      kind: "protocol-error";
      httpStatus: number;
      contentType: string | null;
      /** First characters of the body, control characters removed. */
      excerpt: string;
      problem: string;
      functionCallIdentifier: string;
      latencyMs: number;
    };

export type Es2Call<F extends Es2Function> = (
  input: Es2RequestFields[F] & CallOptions,
) => Promise<Es2Outcome<Es2ResponseData[F]>>;

export interface Es2PlusClient {
  readonly carrierId: string;
  downloadOrder: Es2Call<"downloadOrder">;
  confirmOrder: Es2Call<"confirmOrder">;
  cancelOrder: Es2Call<"cancelOrder">;
  releaseProfile: Es2Call<"releaseProfile">;
  /** Closes the idle keep-alive connections of this carrier. */
  close(): void;
}

/** Joins a base URL (with or without a path prefix) and an ES2+ path. */
export function es2Url(baseUrl: string, fn: Es2Function): URL {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  base.pathname = `${prefix}${ES2_PATHS[fn]}`;
  return base;
}

function toOutcome<F extends Es2Function>(
  fn: F,
  result: TransportResult,
  context: {
    functionCallIdentifier: string;
    latencyMs: number;
    timeoutMs: number;
  },
): Es2Outcome<Es2ResponseData[F]> {
  const { functionCallIdentifier, latencyMs } = context;
  if (result.kind === "timeout") {
    return {
      kind: "timeout",
      timeoutMs: context.timeoutMs,
      functionCallIdentifier,
      latencyMs,
    };
  }
  if (result.kind === "unreachable") {
    return {
      kind: "unreachable",
      cause: result.cause,
      functionCallIdentifier,
      latencyMs,
    };
  }
  if (result.truncated) {
    return {
      kind: "protocol-error",
      httpStatus: result.httpStatus,
      contentType: result.contentType,
      excerpt: excerptBody(result.body),
      problem: "response body larger than 1 MiB",
      functionCallIdentifier,
      latencyMs,
    };
  }

  const classified = classifyEs2Response(fn, result);
  if (classified.kind === "rejected") {
    const codes = classified.statusCodeData;
    return {
      kind: "rejected",
      executionStatus: classified.executionStatus,
      statusCodeData: codes,
      diagnosis:
        codes === null
          ? null
          : describeStatusCode(codes.subjectCode, codes.reasonCode),
      functionCallIdentifier,
      latencyMs,
    };
  }
  return { ...classified, functionCallIdentifier, latencyMs };
}

function logOutcome(
  logger: Logger,
  details: {
    carrierId: string;
    fn: Es2Function;
    iccid: string | undefined;
    outcome: Es2Outcome<unknown>;
  },
): void {
  const { outcome } = details;
  const line: Record<string, unknown> = {
    carrierId: details.carrierId,
    function: details.fn,
    functionCallIdentifier: outcome.functionCallIdentifier,
    iccid: details.iccid ?? null,
    outcome: outcome.kind,
    latencyMs: outcome.latencyMs,
  };
  if (outcome.kind === "rejected") {
    line.executionStatus = outcome.executionStatus;
    line.subjectCode = outcome.statusCodeData?.subjectCode ?? null;
    line.reasonCode = outcome.statusCodeData?.reasonCode ?? null;
  } else if (outcome.kind === "unreachable") {
    line.cause = outcome.cause;
  } else if (outcome.kind === "protocol-error") {
    line.httpStatus = outcome.httpStatus;
    line.problem = outcome.problem;
  } else if (outcome.kind === "success") {
    line.executionStatus = outcome.executionStatus;
  }

  if (outcome.kind === "success") {
    logger.info(line, "ES2+ call succeeded");
  } else {
    logger.warn(line, `ES2+ call ended with ${outcome.kind}`);
  }
}

/**
 * Create the ES2+ client of one carrier. Each method validates its fields
 * (throwing Es2RequestError when they are invalid), sends one request and
 * resolves with the classified outcome.
 */
export function createEs2PlusClient(
  connection: CarrierConnection,
): Es2PlusClient {
  const agent = createCarrierAgent(connection.tls);
  const timeoutMs = connection.timeoutMs ?? DEFAULT_ES2_TIMEOUT_MS;

  function call<F extends Es2Function>(fn: F): Es2Call<F> {
    return async (input) => {
      const { functionCallIdentifier: given, ...rawFields } = input;
      const fields = prepareRequestFields(fn, rawFields as Es2RequestFields[F]);
      const functionCallIdentifier = given ?? randomUUID();
      const body = JSON.stringify({
        header: {
          functionRequesterIdentifier: connection.functionRequesterIdentifier,
          functionCallIdentifier,
        },
        ...fields,
      });

      const started = performance.now();
      const result = await postJson({
        agent,
        url: es2Url(connection.baseUrl, fn),
        body,
        timeoutMs,
      });
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const outcome = toOutcome(fn, result, {
        functionCallIdentifier,
        latencyMs,
        timeoutMs,
      });

      if (connection.logger !== undefined) {
        const sentIccid = (fields as { iccid?: string }).iccid;
        const iccid =
          outcome.kind === "success" && "iccid" in outcome.data
            ? outcome.data.iccid
            : sentIccid;
        logOutcome(connection.logger, {
          carrierId: connection.carrierId,
          fn,
          iccid,
          outcome,
        });
      }
      return outcome;
    };
  }

  return {
    carrierId: connection.carrierId,
    downloadOrder: call("downloadOrder"),
    confirmOrder: call("confirmOrder"),
    cancelOrder: call("cancelOrder"),
    releaseProfile: call("releaseProfile"),
    close: () => agent.destroy(),
  };
}
