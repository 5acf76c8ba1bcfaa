// Classification of one HTTP response from an SM-DP+ into success,
// rejection or protocol error. Tolerant of what carriers send in practice:
// content types with parameters, any gsma/rsp/v2.x.y version,
// Executed-WithWarning as a success, Failed without statusCodeData, JSON
// under a wrong content type, and ES2+ rejections on a 4xx/5xx status.
import { EsimFormatError, parseIccid } from "@/lib/esim";
import {
  ACCEPTED_ADMIN_PROTOCOL,
  responseDataSchemas,
  responseHeaderSchema,
  statusCodeDataSchema,
  type Es2Function,
  type Es2ResponseData,
  type StatusCodeData,
} from "./es2plus-types";

/** HTTP response as the client read it from the socket. */
export interface Es2HttpResponse {
  httpStatus: number;
  contentType: string | null;
  adminProtocol: string | null;
  body: string;
}

export type Es2Classification<T> =
  | {
      kind: "success";
      data: T;
      executionStatus: "Executed-Success" | "Executed-WithWarning";
      statusCodeData?: StatusCodeData;
      httpStatus: number;
    }
  | {
      kind: "rejected";
      executionStatus: "Failed" | "Expired";
      statusCodeData: StatusCodeData | null;
      httpStatus: number;
    }
  | {
      kind: "protocol-error";
      httpStatus: number;
      contentType: string | null;
      excerpt: string;
      problem: string;
    };

/** Number of characters of a bad body kept for diagnosis. */
export const EXCERPT_LENGTH = 200;

/**
 * Cut a response body to {@link EXCERPT_LENGTH} characters for logs and error
 * details. Control characters become spaces so that a body cannot forge log
 * lines or terminal escapes.
 */
export function excerptBody(body: string): string {
  return body
    .slice(0, EXCERPT_LENGTH)
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
    .trim();
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Read `statusCodeData` leniently: codes given as numbers are turned into
 * strings, and anything unusable becomes null instead of failing the whole
 * response.
 */
export function readStatusCodeData(value: unknown): StatusCodeData | null {
  if (typeof value !== "object" || value === null) {
    return null;
  }
  const record = value as Record<string, unknown>;
  const asCode = (code: unknown) =>
    typeof code === "number" ? String(code) : code;
  const parsed = statusCodeDataSchema.safeParse({
    ...record,
    subjectCode: asCode(record.subjectCode),
    reasonCode: asCode(record.reasonCode),
  });
  return parsed.success ? parsed.data : null;
}

/** Problem text for a body that is not JSON, naming what it looks like. */
function describeNonJson(response: Es2HttpResponse): string {
  const type = mediaType(response.contentType) || "no content type";
  const looksLikeHtml = /^\s*</.test(response.body) || type === "text/html";
  if (looksLikeHtml) {
    return `HTML body on HTTP ${response.httpStatus} (${type})`;
  }
  return `body is not JSON (HTTP ${response.httpStatus}, ${type})`;
}

/**
 * Classify one ES2+ response for `fn`. Never throws: every malformed response
 * becomes a `protocol-error` that names the problem.
 */
export function classifyEs2Response<F extends Es2Function>(
  fn: F,
  response: Es2HttpResponse,
): Es2Classification<Es2ResponseData[F]> {
  const protocolError = (problem: string) => ({
    kind: "protocol-error" as const,
    httpStatus: response.httpStatus,
    contentType: response.contentType,
    excerpt: excerptBody(response.body),
    problem,
  });

  if (
    response.adminProtocol !== null &&
    !ACCEPTED_ADMIN_PROTOCOL.test(response.adminProtocol.trim())
  ) {
    return protocolError(
      `unsupported X-Admin-Protocol "${excerptBody(response.adminProtocol)}"`,
    );
  }

  if (response.body.trim().length === 0) {
    return protocolError(`empty body on HTTP ${response.httpStatus}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return protocolError(describeNonJson(response));
  }

  const isSuccessStatus =
    response.httpStatus >= 200 && response.httpStatus < 300;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return protocolError(`body is JSON but not an object`);
  }

  const body = json as Record<string, unknown>;
  if (body.header === undefined) {
    return protocolError(
      `JSON body without header (HTTP ${response.httpStatus})`,
    );
  }
  const header = responseHeaderSchema.safeParse(body.header);
  if (!header.success) {
    return protocolError(
      "header without a valid functionExecutionStatus.status " +
        "(expected Executed-Success, Executed-WithWarning, Failed or Expired)",
    );
  }

  const { status, statusCodeData } = header.data.functionExecutionStatus;
  if (status === "Failed" || status === "Expired") {
    return {
      kind: "rejected",
      executionStatus: status,
      statusCodeData: readStatusCodeData(statusCodeData),
      httpStatus: response.httpStatus,
    };
  }

  // A success status on an HTTP error is contradictory: do not act on it.
  if (!isSuccessStatus) {
    return protocolError(`${status} on HTTP ${response.httpStatus}`);
  }

  const data = readResponseData(fn, body);
  if (typeof data === "string") {
    return protocolError(data);
  }
  const warning = readStatusCodeData(statusCodeData);
  return {
    kind: "success",
    data,
    executionStatus: status,
    ...(warning === null ? {} : { statusCodeData: warning }),
    httpStatus: response.httpStatus,
  };
}

/** Returns the typed data, or a problem text when a field is missing. */
function readResponseData<F extends Es2Function>(
  fn: F,
  body: Record<string, unknown>,
): Es2ResponseData[F] | string {
  const parsed = responseDataSchemas[fn].safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") ?? "body";
    return `missing or invalid ${field} in a ${fn} response`;
  }

  if (fn === "downloadOrder") {
    try {
      const iccid = parseIccid(String(body.iccid)).iccid;
      return { iccid } as Es2ResponseData[F];
    } catch (error) {
      if (error instanceof EsimFormatError) {
        return `invalid iccid in a downloadOrder response: ${error.code}`;
      }
      throw error;
    }
  }

  if (fn === "confirmOrder") {
    const data = parsed.data as Es2ResponseData["confirmOrder"];
    return {
      matchingId: data.matchingId,
      ...(data.eid === undefined ? {} : { eid: data.eid }),
      ...(data.smdpAddress === undefined || data.smdpAddress === ""
        ? {}
        : { smdpAddress: data.smdpAddress }),
    } as Es2ResponseData[F];
  }

  return {} as Es2ResponseData[F];
}
