import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { AuthorizationError } from "./errors";
import { denyRequest, getRequestMetadata, requireRole } from "./guards";
import { isSameOriginRequest } from "./origin-check";
import type { Permission } from "./permissions";
import type { RequestMetadata } from "./request-metadata";
import type { Session } from "./session-cookie";

export interface ActionContext {
  session: Session;
  request: RequestMetadata;
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      message: string;
      fieldErrors?: Record<string, string[]>;
    };

export interface ActionDefinition<S extends z.ZodType> {
  /** Name recorded as the target of rejections, e.g. "admin.acknowledge". */
  name: string;
  permission: Permission;
  schema: S;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "input";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Builds a server action that, before `handler` runs, rejects a foreign
 * `Origin`, requires a session holding `permission` and parses the input
 * with `schema`. Rejections are audited as "auth.denied" and returned as
 * `{ ok: false }` results with a message the page can show.
 *
 * @example
 * export const retryOperationAction = defineAction(
 *   { name: "operation.retry", permission: "operation.retry", schema },
 *   async (input, { session }) => retryOperation(session, input),
 * );
 */
export function defineAction<S extends z.ZodType, T>(
  definition: ActionDefinition<S>,
  handler: (input: z.output<S>, context: ActionContext) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    try {
      const request = await getRequestMetadata();
      if (!isSameOriginRequest(await headers(), request.origin)) {
        throw await denyRequest("foreign_origin", { target: definition.name });
      }
      const session = await requireRole(definition.permission);

      const parsed = definition.schema.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          code: "invalid_input",
          message: "Some fields are invalid: correct them and submit again.",
          fieldErrors: fieldErrorsOf(parsed.error),
        };
      }
      return {
        ok: true,
        data: await handler(parsed.data, { session, request }),
      };
    } catch (error) {
      if (error instanceof AuthorizationError) {
        return { ok: false, code: error.reason, message: error.message };
      }
      throw error;
    }
  };
}
