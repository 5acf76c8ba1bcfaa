// Records of the portal's store. The repository interfaces that read and
// write them are in repositories.ts; every method there takes the
// organization id. Adapters: SQLite (embedded default) and Azure Cosmos DB.

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

/**
 * "reconcile" records a profile stuck in Released or Downloaded for support
 * (created failed, with no steps: ES2+ has no function that reads status).
 */
export type OperationKind =
  "provision" | "transfer" | "revoke" | "bulk" | "reconcile";

export type OperationState =
  "pending" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";

export type Es2Function =
  "DownloadOrder" | "ConfirmOrder" | "CancelOrder" | "ReleaseProfile";

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

/** A new profile: the store sets `createdAt`, `updatedAt` and `version`. */
export type NewProfile = Omit<
  Profile,
  "createdAt" | "updatedAt" | "version"
> & {
  createdAt?: IsoTimestamp;
  updatedAt?: IsoTimestamp;
};

/** Fields of a profile that an update may change. */
export type ProfilePatch = Partial<
  Omit<Profile, "organizationId" | "iccid" | "createdAt" | "version">
>;

export type FleetSort = "updatedAt" | "iccid";

export interface FleetFilter {
  /**
   * Case-insensitive prefix of the ICCID, EID, device name or owner. Digits
   * only match ICCIDs and EIDs; anything else matches device name and owner.
   */
  search?: string;
  carrierId?: string;
  smdpState?: SmdpState;
  portalStatus?: PortalStatus;
  group?: string;
}

export interface FleetQuery extends FleetFilter {
  sort: FleetSort;
  direction: "asc" | "desc";
  /** Page size, 1 to 500. */
  limit: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string | null;
}

/** A new operation: the store sets the timestamps and `version`. */
export type NewOperation = Omit<
  Operation,
  "id" | "createdAt" | "updatedAt" | "version" | "lease" | "attempts"
> & {
  /** Generated when absent. */
  id?: string;
  attempts?: number;
  createdAt?: IsoTimestamp;
};

/** Fields of an operation that an update may change. */
export type OperationPatch = Partial<
  Pick<
    Operation,
    | "state"
    | "carrierId"
    | "iccid"
    | "input"
    | "steps"
    | "attempts"
    | "nextAttemptAt"
    | "lease"
    | "outcome"
    | "updatedAt"
  >
>;

/** Result of an idempotent create. */
export interface OperationCreateResult {
  operation: Operation;
  /** False when an operation with the same idempotency key already existed. */
  created: boolean;
}

export interface ClaimRequest {
  now: IsoTimestamp;
  /** Worker identity written into the lease, for example "worker-1:pid". */
  owner: string;
  leaseMs: number;
  limit: number;
}

export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

export interface AuditFilter {
  /** Inclusive lower bound of `time`. */
  from?: IsoTimestamp;
  /** Exclusive upper bound of `time`. */
  to?: IsoTimestamp;
  actorOid?: string;
  /** Exact action, or a prefix when it ends with "." (for example "auth."). */
  action?: string;
  outcome?: AuditOutcome;
  target?: string;
  /** Newest first by default. */
  order?: "asc" | "desc";
}

export interface AuditChainHead {
  organizationId: string;
  sequence: number;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Number of entries checked. */
  checked: number;
  head: AuditChainHead | null;
  /** The first sequence that is missing or does not verify. */
  firstBroken: {
    sequence: number;
    reason:
      | "missing"
      | "hash-mismatch"
      | "previous-hash-mismatch"
      | "sequence-out-of-order";
    detail: string;
  } | null;
}

/** A raw ES2+ HandleDownloadProgressInfo notification as it was received. */
export interface NotificationRecord {
  organizationId: string;
  id: string;
  /** Normalised ICCID. */
  iccid: string;
  carrierId: string;
  receivedAt: IsoTimestamp;
  /** SHA-256 (hex) of the canonical payload: duplicates share it. */
  contentHash: string;
  notificationPointId: string | null;
  payload: Record<string, unknown>;
}

export type NewNotification = Omit<NotificationRecord, "id" | "contentHash">;

export interface NotificationAppendResult {
  notification: NotificationRecord;
  /** False when the same notification was already stored. */
  created: boolean;
}

/**
 * Upper bounds (milliseconds, inclusive) of the latency histogram buckets;
 * the last bucket counts everything slower than the previous bound.
 */
export const LATENCY_BUCKETS_MS = [
  50,
  100,
  200,
  300,
  500,
  750,
  1000,
  1500,
  2000,
  3000,
  5000,
  10000,
  30000,
  Number.POSITIVE_INFINITY,
] as const;

export interface RollupIncrement {
  organizationId: string;
  carrierId: string;
  /** Any time inside the hour; the store truncates it to the hour. */
  time: IsoTimestamp;
  outcome: "success" | "failure";
  /** "subjectCode/reasonCode" of a failure, or a portal code like "timeout". */
  reasonCode?: string | null;
  latencyMs: number;
}

/** Per-carrier, per-hour operation counts. */
export interface Rollup {
  organizationId: string;
  carrierId: string;
  /** Start of the hour, ISO 8601 UTC. */
  hour: IsoTimestamp;
  total: number;
  successes: number;
  failures: number;
  failuresByReason: Record<string, number>;
  latencySumMs: number;
  /** Counts per bucket of {@link LATENCY_BUCKETS_MS}, same order. */
  latencyHistogram: number[];
}

export interface RollupQuery {
  carrierId?: string;
  /** Inclusive start hour. */
  from: IsoTimestamp;
  /** Exclusive end hour. */
  to: IsoTimestamp;
}

export interface RateLimitRequest {
  organizationId: string;
  /** Name of the limited action and subject, for example "sign-in:203.0.113.7". */
  key: string;
  windowMs: number;
  limit: number;
  now: IsoTimestamp;
}

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  remaining: number;
  /** End of the current window. */
  resetAt: IsoTimestamp;
}

/** Writes that a commit applies all together or not at all. */
export interface CommitRequest {
  organizationId: string;
  operation?:
    | { create: NewOperation }
    | { update: { id: string; patch: OperationPatch; ifVersion: Version } };
  profile?:
    | { create: NewProfile }
    | { update: { iccid: string; patch: ProfilePatch; ifVersion: Version } };
  audit?: AuditEntryInput[];
  rollups?: RollupIncrement[];
}

export interface CommitResult {
  operation: Operation | null;
  /**
   * False when the commit created no operation because one with the same
   * idempotency key existed; nothing else was written then.
   */
  operationCreated: boolean;
  profile: Profile | null;
  audit: AuditEntry[];
}
