// Plain-language diagnosis of a failed step, with the runbook's next step,
// as support staff read it in the triage queue.
import type { Es2Outcome } from "@/lib/smdp/es2plus-client";

const RUNBOOK = {
  timeout:
    "Check the carrier's SM-DP+ status, network connectivity and the queue " +
    "of pending operations; contact the carrier if it persists.",
  unreachable:
    "Check SM-DP+ connectivity (network, DNS, firewall) and the carrier's " +
    "certificates in the carrier configuration; contact the carrier if it " +
    "persists.",
  protocol:
    "Check the carrier's base URL and path prefix in the carrier " +
    "configuration, and report the answer to the carrier if they are right.",
  transfer:
    "For a transfer, also check device authentication and the carrier's " +
    "specific requirements, and note the device's compatibility.",
} as const;

export interface Diagnosis {
  /** Cause of the failure, in plain language. */
  cause: string;
  /** Next step for support staff. */
  nextStep: string;
}

/** Diagnose the last outcome of a step that will not be retried again. */
export function diagnoseFailure(details: {
  outcome: Es2Outcome<unknown>;
  carrierName: string;
  functionName: string;
  attempts: number;
  kind: string;
}): Diagnosis {
  const { outcome, carrierName, functionName, attempts } = details;
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  let diagnosis: Diagnosis;
  switch (outcome.kind) {
    case "timeout":
      diagnosis = {
        cause:
          `${carrierName}'s SM-DP+ did not answer ${functionName} within ` +
          `${outcome.timeoutMs} ms (${tries}).`,
        nextStep: RUNBOOK.timeout,
      };
      break;
    case "unreachable":
      diagnosis = {
        cause:
          `${carrierName}'s SM-DP+ could not be reached for ${functionName} ` +
          `(${outcome.cause}; ${tries}).`,
        nextStep: RUNBOOK.unreachable,
      };
      break;
    case "protocol-error":
      diagnosis = {
        cause:
          `${carrierName}'s SM-DP+ answered ${functionName} with something ` +
          `that is not an ES2+ response (HTTP ${outcome.httpStatus}, ` +
          `${outcome.problem}; ${tries}).`,
        nextStep: RUNBOOK.protocol,
      };
      break;
    case "rejected": {
      const codes = outcome.statusCodeData;
      const codeText =
        codes === null
          ? `${outcome.executionStatus} without status codes`
          : `${codes.subjectCode} / ${codes.reasonCode}`;
      diagnosis = {
        cause:
          `${carrierName}'s SM-DP+ rejected ${functionName} (${codeText}). ` +
          (outcome.diagnosis?.cause ?? "The carrier gave no reason."),
        nextStep:
          outcome.diagnosis?.nextStep ??
          "Ask the carrier why the call failed, quoting the function call identifier.",
      };
      break;
    }
    case "success":
      diagnosis = { cause: `${functionName} succeeded.`, nextStep: "" };
  }
  if (details.kind === "transfer") {
    diagnosis = {
      ...diagnosis,
      nextStep: `${diagnosis.nextStep} ${RUNBOOK.transfer}`,
    };
  }
  return diagnosis;
}

/** Diagnosis of CancelOrder refused because the profile was downloaded. */
export function diagnoseCancelAfterDownload(iccid: string): Diagnosis {
  return {
    cause:
      `The carrier refused CancelOrder because profile ${iccid} was already ` +
      "downloaded to a device (8.2.1 / 3.3). ES2+ cannot delete a " +
      "downloaded or installed profile.",
    nextStep:
      "Have the device user delete the profile on the device (or remove it " +
      "through the eIM for IoT devices), then mark the profile retired.",
  };
}
