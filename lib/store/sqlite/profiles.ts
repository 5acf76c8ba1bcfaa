import { normalizeIccid } from "@/lib/esim/iccid";

import { encodeCursor, queryFingerprint } from "../cursor";
import { DuplicateError, NotFoundError, VersionConflictError } from "../errors";
import {
  fleetFingerprintParts,
  lowerOrNull,
  normalizePageSize,
  normalizeTimestamp,
  prepareNewProfile,
} from "../record-input";
import type { ProfileRepository } from "../repositories";
import type {
  FleetFilter,
  FleetQuery,
  NewProfile,
  Page,
  Profile,
  ProfilePatch,
} from "../types";
import { duplicateOr, mapSqliteError, type SqliteContext } from "./context";
import { buildFleetFilter, selectFleetRows } from "./fleet-query";

interface ProfileRow {
  organization_id: string;
  iccid: string;
  eid: string | null;
  carrier_id: string;
  profile_type: string;
  smdp_state: Profile["smdpState"];
  portal_status: Profile["portalStatus"];
  matching_id: string | null;
  activation_code_encrypted: string | null;
  confirmation_code_required: number;
  device_name: string | null;
  device_name_lower: string | null;
  imei: string | null;
  owner: string | null;
  owner_lower: string | null;
  owner_email: string | null;
  group_name: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const BULK_CACHE_SIZE = -262_144;

const COLUMNS = `organization_id, iccid, eid, carrier_id, profile_type,
  smdp_state, portal_status, matching_id, activation_code_encrypted,
  confirmation_code_required, device_name, device_name_lower, imei, owner,
  owner_lower, owner_email, group_name, created_at, updated_at, version`;

const INSERT_SQL = `INSERT INTO profiles (${COLUMNS}) VALUES (
  @organization_id, @iccid, @eid, @carrier_id, @profile_type, @smdp_state,
  @portal_status, @matching_id, @activation_code_encrypted,
  @confirmation_code_required, @device_name, @device_name_lower, @imei,
  @owner, @owner_lower, @owner_email, @group_name, @created_at, @updated_at,
  @version)`;

/**
 * Maps a profile to its row. `storedActivationCode` is the ciphertext
 * already stored for the same activation code (same organization and
 * ICCID), which saves a new encryption when an update leaves it unchanged.
 */
export function profileToRow(
  context: SqliteContext,
  profile: Omit<Profile, "version">,
  version: number,
  storedActivationCode?: string | null,
): ProfileRow {
  return {
    organization_id: profile.organizationId,
    iccid: profile.iccid,
    eid: profile.eid,
    carrier_id: profile.carrierId,
    profile_type: profile.profileType,
    smdp_state: profile.smdpState,
    portal_status: profile.portalStatus,
    matching_id: profile.matchingId,
    activation_code_encrypted:
      profile.activationCode === null
        ? null
        : (storedActivationCode ??
          context.cipher.encrypt(
            profile.activationCode,
            profile.organizationId,
            profile.iccid,
          )),
    confirmation_code_required: profile.confirmationCodeRequired ? 1 : 0,
    device_name: profile.deviceName,
    device_name_lower: lowerOrNull(profile.deviceName),
    imei: profile.imei,
    owner: profile.owner,
    owner_lower: lowerOrNull(profile.owner),
    owner_email: profile.ownerEmail,
    group_name: profile.group,
    created_at: profile.createdAt,
    updated_at: profile.updatedAt,
    version,
  };
}

function rowToProfile(context: SqliteContext, row: ProfileRow): Profile {
  return {
    organizationId: row.organization_id,
    iccid: row.iccid,
    eid: row.eid,
    carrierId: row.carrier_id,
    profileType: row.profile_type,
    smdpState: row.smdp_state,
    portalStatus: row.portal_status,
    matchingId: row.matching_id,
    activationCode:
      row.activation_code_encrypted === null
        ? null
        : context.cipher.decrypt(
            row.activation_code_encrypted,
            row.organization_id,
            row.iccid,
          ),
    confirmationCodeRequired: row.confirmation_code_required === 1,
    deviceName: row.device_name,
    imei: row.imei,
    owner: row.owner,
    ownerEmail: row.owner_email,
    group: row.group_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: String(row.version),
  };
}

export class SqliteProfileRepository implements ProfileRepository {
  constructor(private readonly context: SqliteContext) {}

  private get db() {
    return this.context.db;
  }

  private getRowSync(organizationId: string, iccid: string) {
    return this.context
      .statement(
        `SELECT * FROM profiles WHERE organization_id = ? AND iccid = ?`,
      )
      .get(organizationId, normalizeIccid(iccid)) as ProfileRow | undefined;
  }

  getSync(organizationId: string, iccid: string): Profile | null {
    const row = this.getRowSync(organizationId, iccid);
    return row ? rowToProfile(this.context, row) : null;
  }

  createSync(input: NewProfile): Profile {
    const profile = prepareNewProfile(input);
    try {
      this.context
        .statement(INSERT_SQL)
        .run(profileToRow(this.context, profile, 1));
    } catch (error) {
      throw duplicateOr(
        error,
        () => new DuplicateError("profile", "ICCID", profile.iccid),
      );
    }
    return { ...profile, version: "1" };
  }

  updateSync(
    organizationId: string,
    iccidInput: string,
    patch: ProfilePatch,
    ifVersion: string,
  ): Profile {
    const iccid = normalizeIccid(iccidInput);
    const currentRow = this.getRowSync(organizationId, iccid);
    if (!currentRow) throw new NotFoundError("profile", iccid);
    const current = rowToProfile(this.context, currentRow);
    if (current.version !== ifVersion) {
      throw new VersionConflictError("profile", iccid, ifVersion);
    }

    const next: Profile = {
      ...current,
      ...patch,
      organizationId,
      iccid,
      createdAt: current.createdAt,
      updatedAt: normalizeTimestamp(
        patch.updatedAt ?? new Date().toISOString(),
        "updatedAt",
      ),
    };
    const version = Number(current.version) + 1;
    const row = profileToRow(
      this.context,
      next,
      version,
      next.activationCode === current.activationCode
        ? currentRow.activation_code_encrypted
        : null,
    );
    const result = this.context
      .statement(
        `UPDATE profiles SET eid = @eid, carrier_id = @carrier_id,
          profile_type = @profile_type, smdp_state = @smdp_state,
          portal_status = @portal_status, matching_id = @matching_id,
          activation_code_encrypted = @activation_code_encrypted,
          confirmation_code_required = @confirmation_code_required,
          device_name = @device_name, device_name_lower = @device_name_lower,
          imei = @imei, owner = @owner, owner_lower = @owner_lower,
          owner_email = @owner_email, group_name = @group_name,
          updated_at = @updated_at, version = @version
        WHERE organization_id = @organization_id AND iccid = @iccid
          AND version = @expected_version`,
      )
      .run({ ...row, expected_version: Number(ifVersion) });
    if (result.changes !== 1) {
      throw new VersionConflictError("profile", iccid, ifVersion);
    }
    return { ...next, version: String(version) };
  }

  /**
   * Inserts many profiles in one IMMEDIATE transaction, for seeding and
   * imports; a duplicate ICCID rolls the whole batch back.
   */
  insertBatch(profiles: Iterable<NewProfile>): number {
    // From the first bulk load on, this connection keeps a 256 MB page cache
    // (negative values are KiB), so the nine indexes' hot pages stay in memory.
    this.db.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
    return this.run(() =>
      this.context.immediate(() => {
        let count = 0;
        for (const profile of profiles) {
          this.createSync(profile);
          count += 1;
        }
        return count;
      }),
    );
  }

  async get(organizationId: string, iccid: string): Promise<Profile | null> {
    return this.run(() => this.getSync(organizationId, iccid));
  }

  async create(profile: NewProfile): Promise<Profile> {
    return this.run(() => this.createSync(profile));
  }

  async update(
    organizationId: string,
    iccid: string,
    patch: ProfilePatch,
    options: { ifVersion: string },
  ): Promise<Profile> {
    return this.run(() =>
      this.context.immediate(() =>
        this.updateSync(organizationId, iccid, patch, options.ifVersion),
      ),
    );
  }

  async queryFleet(
    organizationId: string,
    query: FleetQuery,
  ): Promise<Page<Profile>> {
    const limit = normalizePageSize(query.limit);
    const fingerprint = queryFingerprint(
      fleetFingerprintParts(organizationId, query),
    );
    const sortColumn = query.sort === "iccid" ? "iccid" : "updated_at";
    const rows = this.run(() =>
      selectFleetRows<ProfileRow>(
        this.db,
        organizationId,
        query,
        {
          sortColumn,
          descending: query.direction === "desc",
          rowLimit: limit + 1,
        },
        fingerprint,
      ),
    );

    const hasMore = rows.length > limit;
    const items = rows
      .slice(0, limit)
      .map((row) => rowToProfile(this.context, row));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        hasMore && last
          ? encodeCursor(fingerprint, [
              sortColumn === "iccid" ? last.iccid : last.updatedAt,
              last.iccid,
            ])
          : null,
    };
  }

  async count(
    organizationId: string,
    filter: FleetFilter = {},
  ): Promise<number> {
    const { where, params } = buildFleetFilter(organizationId, filter);
    const row = this.run(
      () =>
        this.context
          .statement(
            `SELECT COUNT(*) AS count FROM profiles WHERE ${where.join(" AND ")}`,
          )
          .get(params) as { count: number },
    );
    return row.count;
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}
