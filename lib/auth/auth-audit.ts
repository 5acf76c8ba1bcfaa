import "server-only";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { getStore } from "@/lib/store";
import type { AuditActor, AuditOutcome } from "@/lib/store";
import type { RequestMetadata } from "./request-metadata";

/**
 * Organization id of authentication events that belong to no organization:
 * failed sign-ins whose token names an unknown tenant or fails its signature
 * check, and rejected requests without a session. Their `tid` claim is not
 * trusted, so they are never written to an organization's chain.
 */
export const SYSTEM_ORGANIZATION_ID = "system";

export const AUTH_ACTIONS = {
  signIn: "auth.sign-in",
  signOut: "auth.sign-out",
  denied: "auth.denied",
} as const;

export type AuthAction = (typeof AUTH_ACTIONS)[keyof typeof AUTH_ACTIONS];

export const ANONYMOUS_ACTOR: AuditActor = {
  oid: "anonymous",
  name: "Anonymous",
  roles: [],
};

const logger = pino({ name: "auth-audit" });

export interface AuthEventInput {
  organizationId: string;
  action: AuthAction;
  outcome: AuditOutcome;
  actor: AuditActor;
  request: RequestMetadata;
  target?: string | null;
  reason?: string | null;
}

/**
 * Appends an authentication event to the audit chain. A store failure is
 * logged and raised: a rejection still stands, but a sign-in must not
 * succeed without its audit entry.
 */
export async function recordAuthEvent(event: AuthEventInput): Promise<void> {
  const correlationId = randomUUID();
  try {
    const store = await getStore();
    await store.audit.append({
      organizationId: event.organizationId,
      time: new Date().toISOString(),
      actor: event.actor,
      sourceIp: event.request.sourceIp,
      userAgent: event.request.userAgent,
      action: event.action,
      target: event.target ?? null,
      outcome: event.outcome,
      reason: event.reason ?? null,
      correlationId,
    });
  } catch (error) {
    logger.error(
      {
        err: error,
        action: event.action,
        outcome: event.outcome,
        reason: event.reason,
        organizationId: event.organizationId,
        correlationId,
      },
      "audit append failed",
    );
    throw error;
  }
}
