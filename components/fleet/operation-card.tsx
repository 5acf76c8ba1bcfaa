"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { Badge } from "@/components/ui/badge";
import type { StatusTone } from "@/lib/fleet/fleet-statuses";
import type {
  DiagnosisView,
  OperationStepView,
  OperationView,
} from "@/lib/fleet/operation-view";

import { Timestamp } from "./timestamp";
import { useOperation } from "./use-operation";

const STATE_TONES: Record<string, StatusTone> = {
  pending: "progress",
  running: "progress",
  waiting: "progress",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
  skipped: "neutral",
};

const KIND_LABELS: Record<OperationView["kind"], string> = {
  provision: "Provision",
  transfer: "Transfer",
  revoke: "Revoke",
  bulk: "Bulk operation",
  reconcile: "Reconciliation",
};

function Diagnosis({ diagnosis }: { diagnosis: DiagnosisView }) {
  return (
    <div className="mt-1 rounded bg-amber-50 px-3 py-2 text-xs text-amber-950">
      <p>{diagnosis.cause}</p>
      <p className="mt-1">
        <span className="font-medium">Next step:</span> {diagnosis.nextStep}
      </p>
      <p className="mt-1">
        {diagnosis.retryable
          ? "Resending the same call later can succeed."
          : "Resending the same call will fail the same way."}
      </p>
    </div>
  );
}

function Step({ step }: { step: OperationStepView }) {
  return (
    <li className="flex flex-col gap-1 border-l-2 border-slate-200 pl-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{step.function ?? step.name}</span>
        <Badge tone={STATE_TONES[step.state] ?? "neutral"}>{step.state}</Badge>
        {step.executionStatus ? (
          <span className="text-xs text-slate-600">{step.executionStatus}</span>
        ) : null}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 text-xs text-slate-600">
        {step.functionCallIdentifier ? (
          <>
            <dt>Function call identifier</dt>
            <dd className="break-all font-mono">{step.functionCallIdentifier}</dd>
          </>
        ) : null}
        <dt>Attempts</dt>
        <dd>{step.attempts}</dd>
        <dt>Latency</dt>
        <dd>{step.latencyMs === null ? "—" : `${step.latencyMs} ms`}</dd>
        {step.subjectCode && step.reasonCode ? (
          <>
            <dt>Status code</dt>
            <dd className="font-mono">
              {step.subjectCode} / {step.reasonCode}
            </dd>
          </>
        ) : null}
      </dl>
      {step.error ? <p className="text-xs text-danger">{step.error}</p> : null}
      {step.diagnosis ? <Diagnosis diagnosis={step.diagnosis} /> : null}
    </li>
  );
}

/**
 * One operation with its steps. While the operation is not final it polls
 * the operation route, and when it ends it refreshes the page so the
 * profile's own fields (state, activation code) catch up.
 */
export function OperationCard({
  initial,
  showProfileLink = false,
}: {
  initial: OperationView;
  showProfileLink?: boolean;
}) {
  const router = useRouter();
  const { data: operation, error } = useOperation(initial);
  const wasFinal = useRef(initial.final);

  useEffect(() => {
    if (operation.final && !wasFinal.current) router.refresh();
    wasFinal.current = operation.final;
  }, [operation.final, router]);

  return (
    <article
      aria-label={`${KIND_LABELS[operation.kind]} operation ${operation.id}`}
      data-testid="operation"
      data-state={operation.state}
      className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-4 text-sm"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{KIND_LABELS[operation.kind]}</h3>
        <span aria-live="polite">
          <Badge tone={STATE_TONES[operation.state] ?? "neutral"}>
            {operation.state}
          </Badge>
        </span>
        <span className="text-xs text-slate-500">
          <Timestamp iso={operation.createdAt} /> by {operation.createdBy}
        </span>
      </header>
      <p className="font-mono text-xs text-slate-500">{operation.id}</p>
      {showProfileLink && operation.iccid ? (
        <p>
          <Link
            href={`/fleet/${operation.iccid}`}
            className="text-brand-700 underline"
          >
            Open profile {operation.iccid}
          </Link>
        </p>
      ) : null}
      {operation.nextAttemptAt && !operation.final ? (
        <p className="text-xs text-slate-600">
          Next attempt at <Timestamp iso={operation.nextAttemptAt} /> (attempt{" "}
          {operation.attempts + 1}).
        </p>
      ) : null}
      {operation.steps.length > 0 ? (
        <ol className="flex flex-col gap-3" aria-label="Steps">
          {operation.steps.map((step) => (
            <Step key={step.name} step={step} />
          ))}
        </ol>
      ) : null}
      {operation.outcome?.message ? (
        <p className={operation.state === "failed" ? "text-danger" : ""}>
          {operation.outcome.message}
        </p>
      ) : null}
      {operation.outcome?.diagnosis ? (
        <Diagnosis diagnosis={operation.outcome.diagnosis} />
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          Live progress paused: {error.message} It resumes on its own.
        </p>
      ) : null}
    </article>
  );
}
