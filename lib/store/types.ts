// Records and repository interfaces of the portal's store. Every method takes
// the organization id first: no read or write crosses organizations.
// Adapters: SQLite (embedded default) and Azure Cosmos DB.

/** ISO 8601 timestamp in UTC, for example "2026-12-04T13:51:04.000Z". */
export type IsoTimestamp = string;

/** Opaque version token: a row counter in SQLite, the ETag in Cosmos DB. */
export type Version = string;

export interface Organization {
  id: string;
  name: string;
  /** Entra ID tenant ids (`tid` claim) whose users belong here. */
  tenantIds: string[];
  createdAt: IsoTimestamp;
}

export interface CarrierRecord {
  organizationId: string;
  id: string;
  name: string;
  /** Base URL the ES2+ paths are appended to; carriers may use a prefix. */
  es2BaseUrl: string;
  functionRequesterIdentifier: string;
  /** SM-DP+ address used when ConfirmOrder returns no `smdpAddress`. */
  defaultSmdpAddress: string;
  /** References (file paths or Key Vault names), never the PEM itself. */
  certificates: { ca: string; clientCert: string; clientKey: string };
  profileTypes: string[];
  timeoutMs: number;
  updatedAt: IsoTimestamp;
  version?: Version;
}

/** SM-DP+ profile states as SGP.22 names them. */
export type SmdpState =
  | "Available"
  | "Allocated"
  | "Linked"
  | "Confirmed"
  | "Released"
  | "Downloaded"
  | "Installed"
  | "Error"
  | "Unavailable";

/** The portal's own view of a profile, on top of the SM-DP+ state. */
export type PortalStatus =
  | "Ordering"
  | "Active"
  | "Transferring"
  | "Retired"
  | "Revoked"
  | "Enabled"
  | "Disabled"
  | "Failed";

export interface Profile {
  organizationId: string;
  /** Normalised ICCID: digits only, no `F` padding. */
  iccid: string;
  eid: string | null;
  carrierId: string;
  profileType: string;
  smdpState: SmdpState;
  portalStatus: PortalStatus;
  matchingId: string | null;
  /** Plain text here; adapters encrypt it at rest. */
  activationCode: string | null;
  confirmationCodeRequired: boolean;
  deviceName: string | null;
  imei: string | null;
  owner: string | null;
  ownerEmail: string | null;
  group: string | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  version?: Version;
}

export type OperationKind = "provision" | "transfer" | "revoke" | "bulk";

export type OperationState =
  | "pending"
  | "running"
  | "waiting"
  | "succeeded"
  | "failed"
  | "cancelled";

export type Es2Function =
  | "DownloadOrder"
  | "ConfirmOrder"
  | "CancelOrder"
  | "ReleaseProfile";

export interface OperationStep {
  name: string;
  function: Es2Function | null;
  /** Deterministic, so a retry of this step is a resend at the carrier. */
  functionCallIdentifier: string | null;
  state: "pending" | "running" | "succeeded" | "failed" | "skipped";
  attempts: number;
  startedAt: IsoTimestamp | null;
  finishedAt: IsoTimestamp | null;
  latencyMs: number | null;
  /** `functionExecutionStatus.status` of the last response. */
  executionStatus: string | null;
  subjectCode: string | null;
  reasonCode: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
}

export interface Operation {
  organizationId: string;
  id: string;
  kind: OperationKind;
  /** Unique per organization: a replayed request maps to the same record. */
  idempotencyKey: string;
  state: OperationState;
  carrierId: string | null;
  iccid: string | null;
  input: Record<string, unknown>;
  steps: OperationStep[];
  attempts: number;
  nextAttemptAt: IsoTimestamp | null;
  lease: { owner: string; expiresAt: IsoTimestamp } | null;
  outcome: {
    executionStatus: string | null;
    subjectCode: string | null;
    reasonCode: string | null;
    message: string | null;
  } | null;
  createdBy: { oid: string; name: string };
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  version?: Version;
}

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditActor {
  /** Entra object id (`oid`), or a system identity such as "worker". */
  oid: string;
  name: string;
  roles: string[];
}

export interface AuditEntryInput {
  organizationId: string;
  time: IsoTimestamp;
  actor: AuditActor;
  sourceIp: string | null;
  userAgent: string | null;
  /** Dotted verb, for example "auth.sign-in" or "profile.provision". */
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  statusCodes?: { subjectCode: string; reasonCode: string } | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  correlationId: string | null;
}

export interface AuditEntry extends AuditEntryInput {
  sequence: number;
  previousHash: string;
  hash: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}
