// The profile page's timeline: operations and received ES2+ notifications
// (HandleDownloadProgressInfo) of one profile, newest first.

import type { NotificationRecord, Operation } from "@/lib/store/types";

import { operationViewOf, type DiagnosisView, type OperationView } from "./operation-view";
import { describeStatusCode } from "@/lib/esim/status-codes";

export interface NotificationView {
  id: string;
  receivedAt: string;
  notificationPointId: string | null;
  /** What the notification point means, for example "Installation". */
  pointLabel: string;
  /** `notificationPointStatus.status`, for example "Executed-Success". */
  status: string | null;
  subjectCode: string | null;
  reasonCode: string | null;
  diagnosis: DiagnosisView | null;
}

export type TimelineEntry =
  | { kind: "operation"; time: string; operation: OperationView }
  | { kind: "notification"; time: string; notification: NotificationView };

// Point ids 1 to 4 are SGP.22's; 5, 101 and 102 are sent by carriers in
// practice, and other ids of 100 and above are carrier-specific.
const POINT_LABELS: Record<string, string> = {
  "1": "Eligibility and retry-limit check",
  "2": "Confirmation failure",
  "3": "Bound profile package download",
  "4": "Installation",
  "5": "Profile deleted",
  "101": "Profile enabled",
  "102": "Profile disabled",
};

function pointLabelOf(pointId: string | null): string {
  if (pointId === null) return "Notification without point id";
  return POINT_LABELS[pointId] ?? `Carrier-specific point ${pointId}`;
}

function stringAt(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  const field = (value as Record<string, unknown>)[key];
  if (typeof field === "string") return field;
  return typeof field === "number" ? String(field) : null;
}

function objectAt(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return null;
  return (value as Record<string, unknown>)[key] ?? null;
}

/**
 * Reads what the timeline shows from a stored notification. The payload is
 * kept as the carrier sent it, so every field is read defensively.
 */
export function notificationViewOf(record: NotificationRecord): NotificationView {
  const status = objectAt(record.payload, "notificationPointStatus");
  const codes = objectAt(status, "statusCodeData");
  const subjectCode = stringAt(codes, "subjectCode");
  const reasonCode = stringAt(codes, "reasonCode");
  const diagnosis =
    subjectCode && reasonCode ? describeStatusCode(subjectCode, reasonCode) : null;
  return {
    id: record.id,
    receivedAt: record.receivedAt,
    notificationPointId: record.notificationPointId,
    pointLabel: pointLabelOf(record.notificationPointId),
    status: stringAt(status, "status"),
    subjectCode,
    reasonCode,
    diagnosis: diagnosis
      ? {
          known: diagnosis.known,
          cause: diagnosis.cause,
          nextStep: diagnosis.nextStep,
          retryable: diagnosis.retryable,
        }
      : null,
  };
}

/** Merges operations and notifications into one list, newest first. */
export function buildTimeline(
  operations: readonly Operation[],
  notifications: readonly NotificationRecord[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...operations.map((operation) => ({
      kind: "operation" as const,
      time: operation.createdAt,
      operation: operationViewOf(operation),
    })),
    ...notifications.map((record) => ({
      kind: "notification" as const,
      time: record.receivedAt,
      notification: notificationViewOf(record),
    })),
  ];
  return entries.sort((a, b) =>
    a.time === b.time ? 0 : a.time < b.time ? 1 : -1,
  );
}
