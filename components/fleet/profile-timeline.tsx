import { EmptyState } from "@/components/ui/states";
import type { TimelineEntry } from "@/lib/fleet/timeline";

import { NotificationCard } from "./notification-card";
import { OperationCard } from "./operation-card";

/** Operations and notifications of one profile, newest first. */
export function ProfileTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <section aria-labelledby="profile-timeline" className="flex flex-col gap-3">
      <h2 id="profile-timeline" className="text-lg font-medium">
        Timeline
      </h2>
      {entries.length === 0 ? (
        <EmptyState title="No operations or notifications yet" />
      ) : (
        <ol className="flex flex-col gap-3">
          {entries.map((entry) => (
            <li
              key={
                entry.kind === "operation"
                  ? `operation-${entry.operation.id}`
                  : `notification-${entry.notification.id}`
              }
            >
              {entry.kind === "operation" ? (
                <OperationCard initial={entry.operation} />
              ) : (
                <NotificationCard notification={entry.notification} />
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
