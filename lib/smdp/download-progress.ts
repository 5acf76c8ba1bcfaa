// Parser of HandleDownloadProgressInfo, the notification an SM-DP+ posts to
// the portal as a device downloads and installs a profile. It accepts the
// variants carriers send in practice and lists each oddity it normalised.
// Those variants are `timeStamp` for `timestamp`, epoch seconds or
// milliseconds, ids as strings, carrier-specific point ids (5, 101, 102 and
// any id of 100 or more), ICCIDs with a trailing F or f, and extra fields.
import { EsimFormatError, isValidEid, parseIccid } from "@/lib/esim";
import { readStatusCodeData } from "./es2plus-response";
import {
  EXECUTION_STATUSES,
  type ExecutionStatus,
  type StatusCodeData,
} from "./es2plus-types";

export interface DownloadProgressNotification {
  functionRequesterIdentifier: string;
  functionCallIdentifier: string;
  eid: string | null;
  /** Normalised: digits only, no F padding. */
  iccid: string;
  profileType: string | null;
  /** ISO 8601 in UTC. */
  timestamp: string;
  notificationPointId: number;
  notificationPointStatus: {
    status: ExecutionStatus;
    statusCodeData?: StatusCodeData;
  };
  /** Base64 as sent, for example the ProfileInstallationResult. */
  resultData: string | null;
}

export type NotificationErrorCode =
  | "NOTIFICATION_NOT_OBJECT"
  | "NOTIFICATION_HEADER_INVALID"
  | "NOTIFICATION_ICCID_INVALID"
  | "NOTIFICATION_TIMESTAMP_INVALID"
  | "NOTIFICATION_POINT_ID_INVALID"
  | "NOTIFICATION_POINT_STATUS_INVALID";

export type DownloadProgressParseResult =
  | {
      ok: true;
      notification: DownloadProgressNotification;
      /** Descriptions of each oddity and its normalisation, for the audit trail. */
      normalisations: string[];
    }
  | {
      ok: false;
      error: {
        code: NotificationErrorCode;
        message: string;
        field: string | null;
      };
    };

const KNOWN_FIELDS = new Set([
  "header",
  "eid",
  "iccid",
  "profileType",
  "timestamp",
  "timeStamp",
  "notificationPointId",
  "notificationPointStatus",
  "resultData",
]);

// Epoch values below this are seconds (it is 5138 in seconds, 1973 in ms).
const EPOCH_MILLISECONDS_THRESHOLD = 100_000_000_000;

class NotificationError extends Error {
  constructor(
    readonly code: NotificationErrorCode,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

function readHeader(value: unknown): {
  functionRequesterIdentifier: string;
  functionCallIdentifier: string;
} {
  const header = value as Record<string, unknown> | undefined;
  const requester = header?.functionRequesterIdentifier;
  const call = header?.functionCallIdentifier;
  if (
    typeof requester !== "string" ||
    requester === "" ||
    typeof call !== "string" ||
    call === ""
  ) {
    throw new NotificationError(
      "NOTIFICATION_HEADER_INVALID",
      "header",
      "The notification needs header.functionRequesterIdentifier and " +
        "header.functionCallIdentifier as non-empty strings.",
    );
  }
  return {
    functionRequesterIdentifier: requester,
    functionCallIdentifier: call,
  };
}

function readIccid(value: unknown, notes: string[]): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") {
    throw new NotificationError(
      "NOTIFICATION_ICCID_INVALID",
      "iccid",
      "The notification has no iccid string.",
    );
  }
  if (typeof value === "number") {
    notes.push("iccid given as a number");
  }
  if (/[Ff]\s*$/.test(text)) {
    notes.push("trailing F removed from iccid");
  }
  try {
    const parsed = parseIccid(text);
    for (const warning of parsed.warnings) {
      notes.push(`iccid warning ${warning.code}`);
    }
    return parsed.iccid;
  } catch (error) {
    if (error instanceof EsimFormatError) {
      throw new NotificationError(
        "NOTIFICATION_ICCID_INVALID",
        "iccid",
        `Invalid iccid "${error.value}": ${error.message}`,
      );
    }
    throw error;
  }
}

function fromEpoch(value: number, notes: string[]): string {
  if (value < EPOCH_MILLISECONDS_THRESHOLD) {
    notes.push("epoch seconds converted");
    return new Date(value * 1000).toISOString();
  }
  notes.push("epoch milliseconds converted");
  return new Date(value).toISOString();
}

function readTimestamp(body: Record<string, unknown>, notes: string[]): string {
  let value = body.timestamp;
  let field = "timestamp";
  if (value === undefined && body.timeStamp !== undefined) {
    value = body.timeStamp;
    field = "timeStamp";
    notes.push("timeStamp renamed to timestamp");
  }

  const invalid = () =>
    new NotificationError(
      "NOTIFICATION_TIMESTAMP_INVALID",
      field,
      `The ${field} must be an ISO 8601 date-time or epoch seconds; got ` +
        `${JSON.stringify(value)?.slice(0, 64) ?? "nothing"}.`,
    );

  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    return fromEpoch(value, notes);
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid();
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    notes.push(`${field} given as a numeric string`);
    return fromEpoch(Number(text), notes);
  }
  // Date-time with a date, a time and an explicit zone; a zone-less value
  // would be read in the server's local time zone.
  if (
    !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(
      text,
    )
  ) {
    throw invalid();
  }
  const time = Date.parse(text.replace(" ", "T"));
  if (Number.isNaN(time)) {
    throw invalid();
  }
  const iso = new Date(time).toISOString();
  if (!/Z$/i.test(text)) {
    notes.push("timestamp offset converted to UTC");
  }
  return iso;
}

function readPointId(value: unknown, notes: string[]): number {
  let id = value;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) {
    id = Number(value);
    notes.push("notificationPointId given as a string");
  }
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0) {
    throw new NotificationError(
      "NOTIFICATION_POINT_ID_INVALID",
      "notificationPointId",
      "The notificationPointId must be a non-negative integer; got " +
        `${JSON.stringify(value)?.slice(0, 64) ?? "nothing"}.`,
    );
  }
  if (id >= 100 || id === 5) {
    notes.push(`carrier-specific notificationPointId ${id}`);
  }
  return id;
}

function readPointStatus(
  value: unknown,
): DownloadProgressNotification["notificationPointStatus"] {
  const record = value as Record<string, unknown> | undefined;
  const status = record?.status;
  if (!EXECUTION_STATUSES.includes(status as ExecutionStatus)) {
    throw new NotificationError(
      "NOTIFICATION_POINT_STATUS_INVALID",
      "notificationPointStatus.status",
      "The notificationPointStatus.status must be Executed-Success, " +
        "Executed-WithWarning, Failed or Expired.",
    );
  }
  const codes = readStatusCodeData(record?.statusCodeData);
  return {
    status: status as ExecutionStatus,
    ...(codes === null ? {} : { statusCodeData: codes }),
  };
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/**
 * Parse a HandleDownloadProgressInfo body. Never throws: an unusable body
 * yields `{ ok: false, error }` naming the field at fault.
 */
export function parseDownloadProgressNotification(
  body: unknown,
): DownloadProgressParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      error: {
        code: "NOTIFICATION_NOT_OBJECT",
        message: "The notification body must be a JSON object.",
        field: null,
      },
    };
  }

  const record = body as Record<string, unknown>;
  const notes: string[] = [];
  try {
    const header = readHeader(record.header);
    const iccid = readIccid(record.iccid, notes);

    let eid: string | null = null;
    if (record.eid !== undefined && record.eid !== null && record.eid !== "") {
      const text = String(record.eid).trim();
      if (isValidEid(text)) {
        eid = text;
      } else {
        notes.push("invalid eid ignored");
      }
    }

    const notification: DownloadProgressNotification = {
      ...header,
      eid,
      iccid,
      profileType: optionalString(record.profileType),
      timestamp: readTimestamp(record, notes),
      notificationPointId: readPointId(record.notificationPointId, notes),
      notificationPointStatus: readPointStatus(record.notificationPointStatus),
      resultData: optionalString(record.resultData),
    };

    const extra = Object.keys(record).filter((key) => !KNOWN_FIELDS.has(key));
    if (extra.length > 0) {
      notes.push(`extra fields ignored: ${extra.join(", ")}`);
    }
    return { ok: true, notification, normalisations: notes };
  } catch (error) {
    if (error instanceof NotificationError) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, field: error.field },
      };
    }
    throw error;
  }
}
