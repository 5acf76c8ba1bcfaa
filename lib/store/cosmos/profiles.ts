import type { Container, SqlParameter } from "@azure/cosmos";

import { normalizeIccid } from "@/lib/esim/iccid";

import type { ActivationCodeCipher } from "../activation-code-cipher";
import { queryFingerprint } from "../cursor";
import { DuplicateError, NotFoundError, VersionConflictError } from "../errors";
import {
  classifySearch,
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
import { cosmosCall, isConflict, isPreconditionFailed } from "./cosmos-errors";
import {
  queryAll,
  queryPage,
  readDocument,
  stripDocument,
  type Stored,
} from "./documents";
import type { PendingCommit } from "./pending-commit";

/** Stored profile: lowercased search copies and the commit markers. */
export type ProfileDocument = Omit<Profile, "version"> & {
  id: string;
  deviceNameLower: string | null;
  ownerLower: string | null;
  /** Id of the last commit that wrote this document. */
  lastCommitId?: string | null;
  pendingCommit?: PendingCommit | null;
};

const INTERNAL_FIELDS = [
  "id",
  "deviceNameLower",
  "ownerLower",
  "lastCommitId",
  "pendingCommit",
] as const;

function buildFilter(
  organizationId: string,
  filter: FleetFilter,
): { where: string[]; parameters: SqlParameter[] } {
  // The partition key is repeated in every WHERE clause.
  const where = ["c.organizationId = @organizationId"];
  const parameters: SqlParameter[] = [
    { name: "@organizationId", value: organizationId },
  ];
  const equal = (field: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`c.${field} = @${field}`);
    parameters.push({ name: `@${field}`, value });
  };
  equal("carrierId", filter.carrierId);
  equal("smdpState", filter.smdpState);
  equal("portalStatus", filter.portalStatus);
  equal("group", filter.group);

  const search = classifySearch(filter.search);
  if (search) {
    parameters.push({ name: "@search", value: search.term });
    where.push(
      search.kind === "digits"
        ? "(STARTSWITH(c.iccid, @search) OR STARTSWITH(c.eid, @search))"
        : "(STARTSWITH(c.deviceNameLower, @search) OR STARTSWITH(c.ownerLower, @search))",
    );
  }
  return { where, parameters };
}

export class CosmosProfileRepository implements ProfileRepository {
  constructor(
    private readonly container: Container,
    private readonly cipher: ActivationCodeCipher,
    /** Completes a stale pending commit found on a read; see store.ts. */
    private readonly resolvePending: (
      document: Stored<ProfileDocument>,
    ) => Promise<void>,
  ) {}

  toDocument(profile: Omit<Profile, "version">): ProfileDocument {
    return {
      ...profile,
      id: profile.iccid,
      activationCode:
        profile.activationCode === null
          ? null
          : this.cipher.encrypt(
              profile.activationCode,
              profile.organizationId,
              profile.iccid,
            ),
      deviceNameLower: lowerOrNull(profile.deviceName),
      ownerLower: lowerOrNull(profile.owner),
    };
  }

  fromDocument(document: Stored<ProfileDocument>): Profile {
    const profile = stripDocument<Omit<Profile, "version">>(
      document,
      INTERNAL_FIELDS,
    );
    return {
      ...profile,
      activationCode:
        profile.activationCode === null
          ? null
          : this.cipher.decrypt(
              profile.activationCode,
              profile.organizationId,
              profile.iccid,
            ),
      version: document._etag,
    };
  }

  readDocument(
    organizationId: string,
    iccid: string,
  ): Promise<Stored<ProfileDocument> | null> {
    return readDocument<ProfileDocument>(
      this.container,
      normalizeIccid(iccid),
      organizationId,
    );
  }

  /** Creates the document; raises DuplicateError on an existing ICCID. */
  async createDocument(
    document: ProfileDocument,
  ): Promise<Stored<ProfileDocument>> {
    try {
      const response = await cosmosCall(() =>
        this.container.items.create(document),
      );
      return response.resource as Stored<ProfileDocument>;
    } catch (error) {
      if (isConflict(error)) {
        throw new DuplicateError("profile", "ICCID", document.iccid);
      }
      throw error;
    }
  }

  /** Replaces the document if its ETag is still `ifVersion`. */
  async replaceDocument(
    document: ProfileDocument,
    ifVersion: string,
  ): Promise<Stored<ProfileDocument>> {
    try {
      const response = await cosmosCall(() =>
        this.container
          .item(document.id, document.organizationId)
          .replace(document, {
            accessCondition: { type: "IfMatch", condition: ifVersion },
          }),
      );
      return response.resource as Stored<ProfileDocument>;
    } catch (error) {
      if (isPreconditionFailed(error)) {
        throw new VersionConflictError("profile", document.iccid, ifVersion);
      }
      throw error;
    }
  }

  /** The current document with `patch` applied; raises on a stale version. */
  async patchedDocument(
    organizationId: string,
    iccidInput: string,
    patch: ProfilePatch,
    ifVersion: string,
  ): Promise<{ current: Stored<ProfileDocument>; next: ProfileDocument }> {
    const iccid = normalizeIccid(iccidInput);
    const current = await this.readDocument(organizationId, iccid);
    if (!current) throw new NotFoundError("profile", iccid);
    if (current._etag !== ifVersion) {
      throw new VersionConflictError("profile", iccid, ifVersion);
    }
    const profile = this.fromDocument(current);
    const merged: Omit<Profile, "version"> = {
      ...profile,
      ...patch,
      organizationId,
      iccid,
      createdAt: profile.createdAt,
      updatedAt: normalizeTimestamp(
        patch.updatedAt ?? new Date().toISOString(),
        "updatedAt",
      ),
    };
    delete (merged as Partial<Profile>).version;
    return {
      current,
      next: {
        ...this.toDocument(merged),
        lastCommitId: current.lastCommitId ?? null,
        pendingCommit: current.pendingCommit ?? null,
      },
    };
  }

  async get(organizationId: string, iccid: string): Promise<Profile | null> {
    let document = await this.readDocument(organizationId, iccid);
    if (document?.pendingCommit) {
      await this.resolvePending(document);
      document = await this.readDocument(organizationId, iccid);
    }
    return document ? this.fromDocument(document) : null;
  }

  async create(input: NewProfile): Promise<Profile> {
    const profile = prepareNewProfile(input);
    const stored = await this.createDocument(this.toDocument(profile));
    return this.fromDocument(stored);
  }

  async update(
    organizationId: string,
    iccid: string,
    patch: ProfilePatch,
    options: { ifVersion: string },
  ): Promise<Profile> {
    const { next } = await this.patchedDocument(
      organizationId,
      iccid,
      patch,
      options.ifVersion,
    );
    const stored = await this.replaceDocument(next, options.ifVersion);
    return this.fromDocument(stored);
  }

  async queryFleet(
    organizationId: string,
    query: FleetQuery,
  ): Promise<Page<Profile>> {
    const limit = normalizePageSize(query.limit);
    const { where, parameters } = buildFilter(organizationId, query);
    const direction = query.direction === "desc" ? "DESC" : "ASC";
    const orderBy =
      query.sort === "iccid"
        ? `c.iccid ${direction}`
        : `c.updatedAt ${direction}, c.iccid ${direction}`;

    const page = await queryPage<Stored<ProfileDocument>>(
      this.container,
      {
        query: `SELECT * FROM c WHERE ${where.join(" AND ")} ORDER BY ${orderBy}`,
        parameters,
      },
      {
        limit,
        cursor: query.cursor,
        fingerprint: queryFingerprint(
          fleetFingerprintParts(organizationId, query),
        ),
        partitionKey: organizationId,
      },
    );
    return {
      items: page.items.map((document) => this.fromDocument(document)),
      nextCursor: page.nextCursor,
    };
  }

  async count(
    organizationId: string,
    filter: FleetFilter = {},
  ): Promise<number> {
    const { where, parameters } = buildFilter(organizationId, filter);
    const [count] = await queryAll<number>(
      this.container,
      {
        query: `SELECT VALUE COUNT(1) FROM c WHERE ${where.join(" AND ")}`,
        parameters,
      },
      organizationId,
    );
    return count ?? 0;
  }
}
