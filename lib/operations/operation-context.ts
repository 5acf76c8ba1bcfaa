import type { AuditActor } from "@/lib/store/types";

/** Who submits an operation, from where; taken from the verified session. */
export interface OperationContext {
  organizationId: string;
  actor: AuditActor;
  sourceIp: string | null;
  userAgent: string | null;
  correlationId: string | null;
}

/** System identity of the worker in audit entries of carrier-driven changes. */
export const WORKER_ACTOR: AuditActor = {
  oid: "worker",
  name: "Operations worker",
  roles: [],
};
