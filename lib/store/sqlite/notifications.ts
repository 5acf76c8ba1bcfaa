import { randomUUID } from "node:crypto";

import { normalizeIccid } from "@/lib/esim/iccid";

import { notificationContentHash } from "../notification-hash";
import { normalizeTimestamp } from "../record-input";
import type { NotificationRepository } from "../repositories";
import type {
  NewNotification,
  NotificationAppendResult,
  NotificationRecord,
} from "../types";
import type { SqliteContext } from "./context";

const DEFAULT_LIMIT = 200;

export class SqliteNotificationRepository implements NotificationRepository {
  constructor(private readonly context: SqliteContext) {}

  async append(input: NewNotification): Promise<NotificationAppendResult> {
    const iccid = normalizeIccid(input.iccid);
    const notification: NotificationRecord = {
      ...input,
      iccid,
      id: `ntf_${randomUUID()}`,
      receivedAt: normalizeTimestamp(input.receivedAt, "receivedAt"),
      contentHash: notificationContentHash({ ...input, iccid }),
    };
    return this.context.immediate(() => {
      const result = this.context
        .statement(
          `INSERT INTO notifications (organization_id, id, iccid, content_hash,
             received_at, record)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (organization_id, content_hash) DO NOTHING`,
        )
        .run(
          notification.organizationId,
          notification.id,
          iccid,
          notification.contentHash,
          notification.receivedAt,
          JSON.stringify(notification),
        );
      if (result.changes === 1) return { notification, created: true };

      const existing = this.context
        .statement(
          `SELECT record FROM notifications
           WHERE organization_id = ? AND content_hash = ?`,
        )
        .get(notification.organizationId, notification.contentHash) as {
        record: string;
      };
      return {
        notification: JSON.parse(existing.record) as NotificationRecord,
        created: false,
      };
    });
  }

  async listByIccid(
    organizationId: string,
    iccid: string,
    options: { limit?: number } = {},
  ): Promise<NotificationRecord[]> {
    const rows = this.context
      .statement(
        `SELECT record FROM notifications WHERE organization_id = ? AND iccid = ?
         ORDER BY received_at, id LIMIT ?`,
      )
      .all(
        organizationId,
        normalizeIccid(iccid),
        options.limit ?? DEFAULT_LIMIT,
      ) as {
      record: string;
    }[];
    return rows.map((row) => JSON.parse(row.record) as NotificationRecord);
  }
}
