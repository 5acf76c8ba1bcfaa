import "server-only";

import { randomUUID } from "node:crypto";

import pino from "pino";

import type { ActionResult } from "@/lib/auth/action";
import type { RequestMetadata } from "@/lib/auth/request-metadata";
import type { Session } from "@/lib/auth/session-cookie";
import {
  OperationError,
  OperationInputError,
} from "@/lib/operations/errors";
import type { OperationContext } from "@/lib/operations/operation-context";

import { formError, splitFieldErrors, type FormState } from "./form-state";

const logger = pino({ name: "fleet-actions" });

/** The engine's context of a submission, from the verified session only. */
export function operationContextOf(
  session: Session,
  request: RequestMetadata,
): OperationContext {
  return {
    organizationId: session.organizationId,
    actor: { oid: session.oid, name: session.name, roles: session.roles },
    sourceIp: request.sourceIp,
    userAgent: request.userAgent,
    correlationId: randomUUID(),
  };
}

function stateOfFieldErrors<Field extends string>(
  message: string,
  fieldErrors: Record<string, string[]> | undefined,
  fields: readonly Field[],
): FormState<Field> {
  const { errors, other } = splitFieldErrors(fieldErrors, fields);
  return formError([message, ...other].join(" "), errors);
}

/** Form state of a refused submission (no session, role, origin, input). */
export function stateOfActionFailure<Field extends string>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  fields: readonly Field[],
): FormState<Field> {
  return stateOfFieldErrors(result.message, result.fieldErrors, fields);
}

/**
 * Form state of an error the operations engine raised. An error that is
 * not the engine's is logged (without the input, which can hold a
 * confirmation code) and shown as a generic failure.
 */
export function stateOfSubmitError<Field extends string>(
  error: unknown,
  fields: readonly Field[],
  action: string,
): FormState<Field> {
  if (error instanceof OperationInputError) {
    return stateOfFieldErrors(
      "Some fields are invalid: correct them and submit again.",
      error.fieldErrors,
      fields,
    );
  }
  if (error instanceof OperationError) {
    return formError(error.message);
  }
  logger.error({ err: error, action }, "operation submit failed");
  return formError(
    "The request could not be submitted because of an internal error. " +
      "Try again in a moment: this form submits at most one operation.",
  );
}
