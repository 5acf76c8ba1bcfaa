// Repository interfaces that every store adapter implements. Every method that
// reads or writes organization data takes the organization id, and no query
// returns another organization's records. The exceptions are system methods
// named as such (`organizations.list`, `operations.claimDue`).

import type {
  AuditChainHead,
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditVerification,
  CarrierRecord,
  ClaimRequest,
  CommitRequest,
  CommitResult,
  FleetFilter,
  FleetQuery,
  NewNotification,
  NewOperation,
  NewProfile,
  NotificationAppendResult,
  NotificationRecord,
  Operation,
  OperationCreateResult,
  OperationPatch,
  Organization,
  Page,
  PageRequest,
  Profile,
  ProfilePatch,
  RateLimitRequest,
  RateLimitResult,
  Rollup,
  RollupIncrement,
  RollupQuery,
  Version,
} from "./types";

export interface OrganizationRepository {
  get(organizationId: string): Promise<Organization | null>;
  /** Finds the organization whose `tenantIds` contain this Entra tenant id. */
  getByTenantId(tenantId: string): Promise<Organization | null>;
  /** Creates or replaces the organization record. */
  upsert(organization: Organization): Promise<Organization>;
  /** System use (worker, seeding): every organization. */
  list(): Promise<Organization[]>;
}

export interface CarrierRepository {
  get(organizationId: string, carrierId: string): Promise<CarrierRecord | null>;
  list(organizationId: string): Promise<CarrierRecord[]>;
  /**
   * Creates or replaces a carrier. With `ifVersion`, raises
   * VersionConflictError when the stored version differs.
   */
  upsert(
    carrier: CarrierRecord,
    options?: { ifVersion?: Version },
  ): Promise<CarrierRecord>;
}

export interface ProfileRepository {
  get(organizationId: string, iccid: string): Promise<Profile | null>;
  /** Raises DuplicateError when the ICCID exists in the organization. */
  create(profile: NewProfile): Promise<Profile>;
  /**
   * Applies `patch` when the stored version is `ifVersion`; raises
   * VersionConflictError otherwise and NotFoundError when absent.
   */
  update(
    organizationId: string,
    iccid: string,
    patch: ProfilePatch,
    options: { ifVersion: Version },
  ): Promise<Profile>;
  /** Keyset-paginated, filtered and sorted fleet page. */
  queryFleet(organizationId: string, query: FleetQuery): Promise<Page<Profile>>;
  count(organizationId: string, filter?: FleetFilter): Promise<number>;
}

export interface OperationRepository {
  /**
   * Creates the operation, or returns the one stored under the same
   * `(organizationId, idempotencyKey)` with `created: false`.
   */
  create(operation: NewOperation): Promise<OperationCreateResult>;
  get(organizationId: string, id: string): Promise<Operation | null>;
  getByIdempotencyKey(
    organizationId: string,
    idempotencyKey: string,
  ): Promise<Operation | null>;
  update(
    organizationId: string,
    id: string,
    patch: OperationPatch,
    options: { ifVersion: Version },
  ): Promise<Operation>;
  /**
   * System use (worker): leases up to `limit` due operations of any
   * organization to `owner` until `now + leaseMs`. An operation is due when
   * it is pending, waiting or running, its `nextAttemptAt` is null or not
   * after `now`, and it has no lease or an expired one. Two concurrent
   * callers never receive the same operation while its lease is valid.
   */
  claimDue(request: ClaimRequest): Promise<Operation[]>;
  /** Newest first. */
  listByProfile(
    organizationId: string,
    iccid: string,
    page: PageRequest,
  ): Promise<Page<Operation>>;
  /** Failed operations, newest update first: the support queue. */
  listFailed(
    organizationId: string,
    page: PageRequest,
  ): Promise<Page<Operation>>;
}

export interface AuditRepository {
  /**
   * Appends one entry to the organization's chain and returns it with its
   * sequence and hashes. Safe with concurrent appenders in other processes.
   */
  append(input: AuditEntryInput): Promise<AuditEntry>;
  list(
    organizationId: string,
    filter: AuditFilter & PageRequest,
  ): Promise<Page<AuditEntry>>;
  head(organizationId: string): Promise<AuditChainHead | null>;
  /** Walks the whole chain in sequence order and checks every hash. */
  verify(organizationId: string): Promise<AuditVerification>;
}

export interface NotificationRepository {
  /** Stores the notification unless one with the same content is stored. */
  append(notification: NewNotification): Promise<NotificationAppendResult>;
  /** Oldest first, at most `limit` (default 200). */
  listByIccid(
    organizationId: string,
    iccid: string,
    options?: { limit?: number },
  ): Promise<NotificationRecord[]>;
}

export interface RollupRepository {
  increment(increment: RollupIncrement): Promise<void>;
  /** Hours in ascending order, then carrier id. */
  query(organizationId: string, query: RollupQuery): Promise<Rollup[]>;
}

export interface RateLimitRepository {
  /** Counts one hit in the current fixed window and returns whether it is allowed. */
  consume(request: RateLimitRequest): Promise<RateLimitResult>;
}

export interface Store {
  readonly kind: "sqlite" | "cosmos";
  organizations: OrganizationRepository;
  carriers: CarrierRepository;
  profiles: ProfileRepository;
  operations: OperationRepository;
  audit: AuditRepository;
  notifications: NotificationRepository;
  rollups: RollupRepository;
  rateLimits: RateLimitRepository;
  /**
   * Applies several writes all together or not at all, as seen through this
   * interface. See each adapter for how: one SQLite transaction, or on Cosmos
   * DB the operation document as commit record with a roll-forward outbox.
   */
  commit(request: CommitRequest): Promise<CommitResult>;
  close(): Promise<void>;
}
