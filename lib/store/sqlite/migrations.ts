// Numbered schema migrations. Each runs once, in order, inside an IMMEDIATE
// transaction, and `PRAGMA user_version` records the last one applied.
// Append new migrations; never edit one that has shipped.

import type Database from "better-sqlite3";

export const MIGRATIONS: readonly string[] = [
  // 1: initial schema
  `
  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE organization_tenants (
    tenant_id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id)
  );

  CREATE TABLE carriers (
    organization_id TEXT NOT NULL,
    id TEXT NOT NULL,
    record TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
  );

  CREATE TABLE profiles (
    organization_id TEXT NOT NULL,
    iccid TEXT NOT NULL,
    eid TEXT,
    carrier_id TEXT NOT NULL,
    profile_type TEXT NOT NULL,
    smdp_state TEXT NOT NULL,
    portal_status TEXT NOT NULL,
    matching_id TEXT,
    activation_code_encrypted TEXT,
    confirmation_code_required INTEGER NOT NULL,
    device_name TEXT,
    device_name_lower TEXT,
    imei TEXT,
    owner TEXT,
    owner_lower TEXT,
    owner_email TEXT,
    group_name TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (organization_id, iccid)
  ) WITHOUT ROWID;
  -- Keyset pagination: every sort index ends with the iccid tiebreaker.
  CREATE INDEX profiles_updated ON profiles (organization_id, updated_at, iccid);
  CREATE INDEX profiles_carrier_updated ON profiles (organization_id, carrier_id, updated_at, iccid);
  CREATE INDEX profiles_state_updated ON profiles (organization_id, smdp_state, updated_at, iccid);
  CREATE INDEX profiles_status_updated ON profiles (organization_id, portal_status, updated_at, iccid);
  CREATE INDEX profiles_group_updated ON profiles (organization_id, group_name, updated_at, iccid);
  CREATE INDEX profiles_carrier_iccid ON profiles (organization_id, carrier_id, iccid);
  CREATE INDEX profiles_eid ON profiles (organization_id, eid);
  CREATE INDEX profiles_device_name ON profiles (organization_id, device_name_lower);
  CREATE INDEX profiles_owner ON profiles (organization_id, owner_lower);

  CREATE TABLE operations (
    organization_id TEXT NOT NULL,
    id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    iccid TEXT,
    next_attempt_at TEXT,
    lease_owner TEXT,
    lease_expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    record TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, idempotency_key)
  );
  CREATE INDEX operations_due ON operations (next_attempt_at)
    WHERE state IN ('pending', 'waiting', 'running');
  CREATE INDEX operations_profile ON operations (organization_id, iccid, created_at, id);
  CREATE INDEX operations_state ON operations (organization_id, state, updated_at, id);

  CREATE TABLE audit_entries (
    organization_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    time TEXT NOT NULL,
    actor_oid TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    target TEXT,
    entry TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (organization_id, sequence)
  ) WITHOUT ROWID;
  CREATE INDEX audit_time ON audit_entries (organization_id, time);
  CREATE INDEX audit_actor ON audit_entries (organization_id, actor_oid, sequence);
  CREATE INDEX audit_action ON audit_entries (organization_id, action, sequence);
  CREATE INDEX audit_target ON audit_entries (organization_id, target, sequence);
  -- Append-only: the store has no update or delete path, and these make a
  -- direct UPDATE or DELETE fail too.
  CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
  CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

  CREATE TABLE notifications (
    organization_id TEXT NOT NULL,
    id TEXT NOT NULL,
    iccid TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, content_hash)
  );
  CREATE INDEX notifications_iccid ON notifications (organization_id, iccid, received_at);

  CREATE TABLE rollups (
    organization_id TEXT NOT NULL,
    carrier_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (organization_id, hour, carrier_id)
  ) WITHOUT ROWID;

  CREATE TABLE rate_limits (
    organization_id TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (organization_id, key, window_start)
  ) WITHOUT ROWID;
  `,
  // 2: search columns in the updated_at sort indexes. A dense search walks
  // one of these indexes and selects keys only, so with the searched column
  // in the entry SQLite tests the prefix without reading the table row. Each
  // index keeps its leading columns and so still serves unsearched pages.
  `
  DROP INDEX profiles_updated;
  DROP INDEX profiles_carrier_updated;
  DROP INDEX profiles_state_updated;
  DROP INDEX profiles_status_updated;
  DROP INDEX profiles_group_updated;
  CREATE INDEX profiles_updated ON profiles
    (organization_id, updated_at, iccid, eid, device_name_lower, owner_lower);
  CREATE INDEX profiles_carrier_updated ON profiles
    (organization_id, carrier_id, updated_at, iccid, eid, device_name_lower, owner_lower);
  CREATE INDEX profiles_state_updated ON profiles
    (organization_id, smdp_state, updated_at, iccid, eid, device_name_lower, owner_lower);
  CREATE INDEX profiles_status_updated ON profiles
    (organization_id, portal_status, updated_at, iccid, eid, device_name_lower, owner_lower);
  CREATE INDEX profiles_group_updated ON profiles
    (organization_id, group_name, updated_at, iccid, eid, device_name_lower, owner_lower);
  `,
];

export function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    for (let index = current; index < MIGRATIONS.length; index += 1) {
      db.exec(MIGRATIONS[index] as string);
      db.pragma(`user_version = ${index + 1}`);
    }
  });
  apply.immediate();
}
