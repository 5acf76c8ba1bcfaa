import { Badge } from "@/components/ui/badge";
import type { NotificationView } from "@/lib/fleet/timeline";

import { Timestamp } from "./timestamp";

function toneOf(status: string | null) {
  if (status === "Executed-Success" || status === "Executed-WithWarning") {
    return "success" as const;
  }
  return status === null ? ("neutral" as const) : ("danger" as const);
}

/** One HandleDownloadProgressInfo notification received from the SM-DP+. */
export function NotificationCard({
  notification,
}: {
  notification: NotificationView;
}) {
  return (
    <article
      aria-label={`Notification: ${notification.pointLabel}`}
      data-testid="notification"
      className="flex flex-col gap-1 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{notification.pointLabel}</h3>
        {notification.status ? (
          <Badge tone={toneOf(notification.status)}>{notification.status}</Badge>
        ) : null}
        <span className="text-xs text-slate-500">
          received <Timestamp iso={notification.receivedAt} />
        </span>
      </header>
      <p className="text-xs text-slate-600">
        HandleDownloadProgressInfo, notification point{" "}
        {notification.notificationPointId ?? "not given"}
      </p>
      {notification.subjectCode && notification.reasonCode ? (
        <p className="font-mono text-xs">
          {notification.subjectCode} / {notification.reasonCode}
        </p>
      ) : null}
      {notification.diagnosis ? (
        <p className="text-xs text-amber-950">
          {notification.diagnosis.cause} Next step:{" "}
          {notification.diagnosis.nextStep}
        </p>
      ) : null}
    </article>
  );
}
