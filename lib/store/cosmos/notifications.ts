import type { Container } from "@azure/cosmos";

import { normalizeIccid } from "@/lib/esim/iccid";

import { notificationContentHash } from "../notification-hash";
import { normalizeTimestamp } from "../record-input";
import type { NotificationRepository } from "../repositories";
import type {
  NewNotification,
  NotificationAppendResult,
  NotificationRecord,
} from "../types";
import { cosmosCall, isConflict } from "./cosmos-errors";
import {
  queryAll,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";

type NotificationDocument = NotificationRecord & { partitionKey: string };

const DEFAULT_LIMIT = 200;

function partitionKeyOf(organizationId: string, iccid: string): string {
  return `${organizationId}:${iccid}`;
}

export class CosmosNotificationRepository implements NotificationRepository {
  constructor(private readonly container: Container) {}

  async append(input: NewNotification): Promise<NotificationAppendResult> {
    const iccid = normalizeIccid(input.iccid);
    const contentHash = notificationContentHash({ ...input, iccid });
    const document: NotificationDocument = {
      ...input,
      iccid,
      // The id is the content hash: a second delivery collides with a 409.
      id: contentHash,
      contentHash,
      receivedAt: normalizeTimestamp(input.receivedAt, "receivedAt"),
      partitionKey: partitionKeyOf(input.organizationId, iccid),
    };
    try {
      await cosmosCall(() => this.container.items.create(document));
      return {
        notification: stripDocument<NotificationRecord>(document, [
          "partitionKey",
        ]),
        created: true,
      };
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    const existing = await readDocument<NotificationDocument>(
      this.container,
      contentHash,
      document.partitionKey,
    );
    return {
      notification: stripDocument<NotificationRecord>(existing ?? document, [
        "partitionKey",
      ]),
      created: false,
    };
  }

  async listByIccid(
    organizationId: string,
    iccidInput: string,
    options: { limit?: number } = {},
  ): Promise<NotificationRecord[]> {
    const iccid = normalizeIccid(iccidInput);
    const partitionKey = partitionKeyOf(organizationId, iccid);
    const documents = await queryAll<Stored<NotificationDocument>>(
      this.container,
      {
        query: `SELECT * FROM c WHERE c.partitionKey = @partitionKey
          ORDER BY c.receivedAt ASC, c.id ASC`,
        parameters: [{ name: "@partitionKey", value: partitionKey }],
      },
      partitionKey,
    );
    return documents
      .slice(0, options.limit ?? DEFAULT_LIMIT)
      .map((document) =>
        stripDocument<NotificationRecord>(document, ["partitionKey"]),
      );
  }
}
