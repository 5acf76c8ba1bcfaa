"use server";

import { defineAction } from "@/lib/auth/action";
import { getStore } from "@/lib/store";
import { adminAcknowledgementSchema } from "./schema";

/**
 * Records that an admin acknowledged the dashboard notice, as an audit
 * entry of their organization. Changes nothing else.
 */
export const recordAdminAcknowledgementAction = defineAction(
  {
    name: "admin.acknowledge",
    permission: "admin.acknowledge",
    schema: adminAcknowledgementSchema,
  },
  async (input, { session, request }) => {
    const store = await getStore();
    const entry = await store.audit.append({
      organizationId: session.organizationId,
      time: new Date().toISOString(),
      actor: { oid: session.oid, name: session.name, roles: session.roles },
      sourceIp: request.sourceIp,
      userAgent: request.userAgent,
      action: "admin.acknowledge",
      target: null,
      outcome: "success",
      after: { note: input.note },
      correlationId: crypto.randomUUID(),
    });
    return { sequence: entry.sequence };
  },
);
