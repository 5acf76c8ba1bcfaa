// One contract suite for every store adapter. Each adapter's test file
// supplies a harness that opens clients on one shared database.

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  DuplicateError,
  InvalidCursorError,
  VersionConflictError,
  type Profile,
  type Store,
} from "@/lib/store";

import {
  testAuditInput,
  testIccid,
  testOperation,
  testOrganization,
  testProfile,
} from "./fixtures";

export interface StoreHarness {
  /** Opens another client on the same database. */
  open(options?: { failBeforeCommitStep?: string }): Promise<Store>;
  /** Alters the stored action of one audit entry behind the store's back. */
  tamperAuditAction(
    organizationId: string,
    sequence: number,
    action: string,
  ): Promise<void>;
  dispose(): Promise<void>;
}

class InjectedFailure extends Error {}

export function describeStoreContract(
  name: string,
  createHarness: () => Promise<StoreHarness>,
): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let counter = 0;
    /** A fresh organization id per test, so tests share one database safely. */
    const nextOrganization = () => `org-${name}-${++counter}`;

    beforeAll(async () => {
      harness = await createHarness();
      store = await harness.open();
    });

    afterAll(async () => {
      await store?.close();
      await harness?.dispose();
    });

    describe("organizations", () => {
      it("organization found by tenant id", async () => {
        const id = nextOrganization();
        await store.organizations.upsert(testOrganization(id));
        const found = await store.organizations.getByTenantId(`tenant-${id}`);
        expect(found?.id).toBe(id);
      });

      it("unknown tenant id returns null", async () => {
        const found = await store.organizations.getByTenantId("tenant-none");
        expect(found).toBeNull();
      });

      it("organization upsert replaces name", async () => {
        const id = nextOrganization();
        await store.organizations.upsert(testOrganization(id));
        await store.organizations.upsert({
          ...testOrganization(id),
          name: "Renamed",
        });
        expect((await store.organizations.get(id))?.name).toBe("Renamed");
      });
    });

    describe("carriers", () => {
      it("carrier upsert with stale version rejected", async () => {
        const organizationId = nextOrganization();
        const carrier = {
          organizationId,
          id: "carrier-a",
          name: "Carrier A",
          es2BaseUrl: "https://127.0.0.1:9443",
          functionRequesterIdentifier: "nexorasim",
          defaultSmdpAddress: "smdp.carrier-a.test",
          certificates: {
            ca: "ca.crt",
            clientCert: "c.crt",
            clientKey: "c.key",
          },
          profileTypes: ["standard"],
          timeoutMs: 10_000,
          updatedAt: "2026-01-01T00:00:00.000Z",
        };
        const first = await store.carriers.upsert(carrier);
        await store.carriers.upsert(
          { ...first, name: "Carrier A2" },
          {
            ifVersion: first.version,
          },
        );
        await expect(
          store.carriers.upsert(
            { ...first, name: "Carrier A3" },
            {
              ifVersion: first.version,
            },
          ),
        ).rejects.toBeInstanceOf(VersionConflictError);
      });
    });

    describe("profiles", () => {
      it("profile create then get", async () => {
        const organizationId = nextOrganization();
        await store.profiles.create(testProfile(organizationId, 1));
        const profile = await store.profiles.get(organizationId, testIccid(1));
        expect(profile?.deviceName).toBe("Device 0001");
      });

      it("profile get accepts F-padded ICCID", async () => {
        const organizationId = nextOrganization();
        await store.profiles.create(testProfile(organizationId, 2));
        const profile = await store.profiles.get(
          organizationId,
          `${testIccid(2)}F`,
        );
        expect(profile?.iccid).toBe(testIccid(2));
      });

      it("activation code round-trips encrypted", async () => {
        const organizationId = nextOrganization();
        const code = "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815";
        await store.profiles.create(
          testProfile(organizationId, 3, { activationCode: code }),
        );
        const profile = await store.profiles.get(organizationId, testIccid(3));
        expect(profile?.activationCode).toBe(code);
      });

      it("duplicate ICCID rejected", async () => {
        const organizationId = nextOrganization();
        await store.profiles.create(testProfile(organizationId, 4));
        await expect(
          store.profiles.create(testProfile(organizationId, 4)),
        ).rejects.toBeInstanceOf(DuplicateError);
      });

      it("duplicate ICCID with F padding rejected", async () => {
        const organizationId = nextOrganization();
        await store.profiles.create(testProfile(organizationId, 5));
        await expect(
          store.profiles.create(
            testProfile(organizationId, 5, { iccid: `${testIccid(5)}f` }),
          ),
        ).rejects.toBeInstanceOf(DuplicateError);
      });

      it("profile update changes version", async () => {
        const organizationId = nextOrganization();
        const created = await store.profiles.create(
          testProfile(organizationId, 6),
        );
        const updated = await store.profiles.update(
          organizationId,
          created.iccid,
          { smdpState: "Released" },
          { ifVersion: created.version as string },
        );
        expect(updated.version).not.toBe(created.version);
        expect(updated.smdpState).toBe("Released");
      });

      it("profile update with stale version rejected", async () => {
        const organizationId = nextOrganization();
        const created = await store.profiles.create(
          testProfile(organizationId, 7),
        );
        await store.profiles.update(
          organizationId,
          created.iccid,
          { group: "ops" },
          { ifVersion: created.version as string },
        );
        await expect(
          store.profiles.update(
            organizationId,
            created.iccid,
            { group: "lab" },
            { ifVersion: created.version as string },
          ),
        ).rejects.toBeInstanceOf(VersionConflictError);
      });

      it("stale update leaves profile unchanged", async () => {
        const organizationId = nextOrganization();
        const created = await store.profiles.create(
          testProfile(organizationId, 8),
        );
        await store.profiles.update(
          organizationId,
          created.iccid,
          { group: "ops" },
          { ifVersion: created.version as string },
        );
        await store.profiles
          .update(
            organizationId,
            created.iccid,
            { group: "lab" },
            { ifVersion: created.version as string },
          )
          .catch(() => undefined);
        const stored = await store.profiles.get(organizationId, created.iccid);
        expect(stored?.group).toBe("ops");
      });
    });

    describe("fleet query", () => {
      let organizationId: string;

      beforeAll(async () => {
        organizationId = nextOrganization();
        for (let n = 1; n <= 30; n += 1) {
          await store.profiles.create(
            testProfile(organizationId, n, {
              smdpState: n % 5 === 0 ? "Installed" : "Available",
              eid: n === 7 ? "89049032123451234512345678901235" : null,
              owner: n === 11 ? "Grace Hopper" : `Owner ${n}`,
            }),
          );
        }
      });

      async function collectAll(
        query: Parameters<Store["profiles"]["queryFleet"]>[1],
      ): Promise<Profile[]> {
        const all: Profile[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.profiles.queryFleet(organizationId, {
            ...query,
            cursor,
          });
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return all;
      }

      it("fleet sorted by iccid ascending", async () => {
        const all = await collectAll({
          sort: "iccid",
          direction: "asc",
          limit: 7,
        });
        const iccids = all.map((profile) => profile.iccid);
        expect(iccids).toEqual([...iccids].sort());
      });

      it("fleet pages cover every profile", async () => {
        const all = await collectAll({
          sort: "updatedAt",
          direction: "desc",
          limit: 4,
        });
        expect(all).toHaveLength(30);
      });

      it("fleet updatedAt descending order", async () => {
        const all = await collectAll({
          sort: "updatedAt",
          direction: "desc",
          limit: 4,
        });
        const times = all.map((profile) => profile.updatedAt);
        expect(times).toEqual([...times].sort().reverse());
      });

      it("fleet filter by carrier", async () => {
        const all = await collectAll({
          carrierId: "carrier-a",
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        expect(all.every((profile) => profile.carrierId === "carrier-a")).toBe(
          true,
        );
        expect(all).toHaveLength(15);
      });

      it("fleet filter by state and group", async () => {
        const all = await collectAll({
          smdpState: "Installed",
          group: "sales",
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        // n divisible by 5 and by 3: 15 and 30.
        expect(all.map((profile) => profile.iccid)).toEqual([
          testIccid(15),
          testIccid(30),
        ]);
      });

      it("fleet search by ICCID prefix", async () => {
        const all = await collectAll({
          search: testIccid(12).slice(0, 17),
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        // Prefix up to the tens digit: ICCIDs 10 to 19.
        expect(all).toHaveLength(10);
      });

      it("fleet search by EID prefix", async () => {
        const all = await collectAll({
          search: "8904903212345",
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        expect(all.map((profile) => profile.iccid)).toEqual([testIccid(7)]);
      });

      it("fleet search owner case-insensitive", async () => {
        const all = await collectAll({
          search: "GRACE h",
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        expect(all.map((profile) => profile.iccid)).toEqual([testIccid(11)]);
      });

      it("fleet search by device name", async () => {
        const all = await collectAll({
          search: "device 002",
          sort: "iccid",
          direction: "asc",
          limit: 50,
        });
        expect(all).toHaveLength(10);
      });

      it("fleet search pages without repeats", async () => {
        // "89" matches every ICCID and the EID of profile 7, so profile 7
        // matches twice and must still come back once.
        const all = await collectAll({
          search: "89",
          sort: "updatedAt",
          direction: "desc",
          limit: 4,
        });
        const iccids = all.map((profile) => profile.iccid);
        expect(new Set(iccids).size).toBe(30);
        expect(iccids).toHaveLength(30);
      });

      it("fleet search pages in sort order", async () => {
        const all = await collectAll({
          search: "89",
          sort: "updatedAt",
          direction: "desc",
          limit: 4,
        });
        const keys = all.map((profile) => profile.updatedAt + profile.iccid);
        expect(keys).toEqual([...keys].sort().reverse());
      });

      it("fleet search with carrier pages", async () => {
        const all = await collectAll({
          search: "owner",
          carrierId: "carrier-b",
          sort: "iccid",
          direction: "desc",
          limit: 2,
        });
        // Odd n are carrier-b; n = 11 is owned by Grace Hopper instead.
        const expected = Array.from({ length: 15 }, (_, i) => 29 - 2 * i)
          .filter((n) => n !== 11)
          .map((n) => testIccid(n));
        expect(all.map((profile) => profile.iccid)).toEqual(expected);
      });

      it("fleet count with filter", async () => {
        const count = await store.profiles.count(organizationId, {
          smdpState: "Installed",
        });
        expect(count).toBe(6);
      });

      it("cursor from another query rejected", async () => {
        const page = await store.profiles.queryFleet(organizationId, {
          sort: "iccid",
          direction: "asc",
          limit: 5,
        });
        await expect(
          store.profiles.queryFleet(organizationId, {
            sort: "iccid",
            direction: "desc",
            limit: 5,
            cursor: page.nextCursor,
          }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it("paging stable while inserting", async () => {
        const pagingOrg = nextOrganization();
        for (let n = 100; n < 120; n += 2) {
          await store.profiles.create(testProfile(pagingOrg, n));
        }
        const seen: string[] = [];
        let cursor: string | null = null;
        let inserted = 101;
        do {
          const page = await store.profiles.queryFleet(pagingOrg, {
            sort: "iccid",
            direction: "asc",
            limit: 3,
            cursor,
          });
          seen.push(...page.items.map((profile) => profile.iccid));
          cursor = page.nextCursor;
          // Insert one profile before and one after the current position.
          await store.profiles.create(testProfile(pagingOrg, inserted));
          await store.profiles.create(testProfile(pagingOrg, inserted + 100));
          inserted += 2;
        } while (cursor);

        const original = Array.from({ length: 10 }, (_, i) =>
          testIccid(100 + i * 2),
        );
        expect(new Set(seen).size).toBe(seen.length);
        expect(original.every((iccid) => seen.includes(iccid))).toBe(true);
      });
    });

    describe("organization isolation", () => {
      let orgA: string;
      let orgB: string;
      let operationId: string;

      beforeAll(async () => {
        orgA = nextOrganization();
        orgB = nextOrganization();
        await store.profiles.create(testProfile(orgA, 900));
        const { operation } = await store.operations.create(
          testOperation(orgA, "iso-key", { iccid: testIccid(900) }),
        );
        operationId = operation.id;
        await store.audit.append(testAuditInput(orgA, "profile.provision"));
      });

      it("other organization get returns null", async () => {
        expect(await store.profiles.get(orgB, testIccid(900))).toBeNull();
      });

      it("other organization fleet is empty", async () => {
        const page = await store.profiles.queryFleet(orgB, {
          sort: "iccid",
          direction: "asc",
          limit: 10,
        });
        expect(page.items).toHaveLength(0);
      });

      it("other organization count is zero", async () => {
        expect(await store.profiles.count(orgB)).toBe(0);
      });

      it("other organization operation hidden", async () => {
        expect(await store.operations.get(orgB, operationId)).toBeNull();
      });

      it("other organization profile operations empty", async () => {
        const page = await store.operations.listByProfile(
          orgB,
          testIccid(900),
          {
            limit: 10,
          },
        );
        expect(page.items).toHaveLength(0);
      });

      it("other organization audit empty", async () => {
        const page = await store.audit.list(orgB, { limit: 10 });
        expect(page.items).toHaveLength(0);
      });

      it("same ICCID allowed in two organizations", async () => {
        const created = await store.profiles.create(testProfile(orgB, 900));
        expect(created.organizationId).toBe(orgB);
      });

      it("same idempotency key separate per organization", async () => {
        const result = await store.operations.create(
          testOperation(orgB, "iso-key"),
        );
        expect(result.created).toBe(true);
      });
    });

    describe("operations", () => {
      it("operation create idempotent on key", async () => {
        const organizationId = nextOrganization();
        const first = await store.operations.create(
          testOperation(organizationId, "key-1"),
        );
        const second = await store.operations.create(
          testOperation(organizationId, "key-1", { kind: "revoke" }),
        );
        expect(second.created).toBe(false);
        expect(second.operation.id).toBe(first.operation.id);
        expect(second.operation.kind).toBe("provision");
      });

      it("concurrent creates with same key", async () => {
        const organizationId = nextOrganization();
        const other = await harness.open();
        try {
          const results = await Promise.all([
            store.operations.create(testOperation(organizationId, "race")),
            other.operations.create(testOperation(organizationId, "race")),
          ]);
          expect(results.filter((result) => result.created)).toHaveLength(1);
          expect(results[0]?.operation.id).toBe(results[1]?.operation.id);
        } finally {
          await other.close();
        }
      });

      it("operation update with stale version rejected", async () => {
        const organizationId = nextOrganization();
        const { operation } = await store.operations.create(
          testOperation(organizationId, "key-2"),
        );
        await store.operations.update(
          organizationId,
          operation.id,
          { state: "running" },
          { ifVersion: operation.version as string },
        );
        await expect(
          store.operations.update(
            organizationId,
            operation.id,
            { state: "failed" },
            { ifVersion: operation.version as string },
          ),
        ).rejects.toBeInstanceOf(VersionConflictError);
      });

      it("failed operations listed for support", async () => {
        const organizationId = nextOrganization();
        for (let n = 0; n < 5; n += 1) {
          const { operation } = await store.operations.create(
            testOperation(organizationId, `failed-${n}`),
          );
          if (n % 2 === 0) {
            await store.operations.update(
              organizationId,
              operation.id,
              { state: "failed" },
              { ifVersion: operation.version as string },
            );
          }
        }
        const first = await store.operations.listFailed(organizationId, {
          limit: 2,
        });
        const second = await store.operations.listFailed(organizationId, {
          limit: 2,
          cursor: first.nextCursor,
        });
        const ids = [...first.items, ...second.items].map((op) => op.id);
        expect(new Set(ids).size).toBe(3);
        expect(second.nextCursor).toBeNull();
      });

      it("operations listed by profile", async () => {
        const organizationId = nextOrganization();
        for (let n = 0; n < 3; n += 1) {
          await store.operations.create(
            testOperation(organizationId, `by-profile-${n}`, {
              iccid: testIccid(n === 2 ? 51 : 50),
            }),
          );
        }
        const page = await store.operations.listByProfile(
          organizationId,
          testIccid(50),
          { limit: 10 },
        );
        expect(page.items).toHaveLength(2);
      });

      it("claimDue by two owners never overlaps", async () => {
        const organizationId = nextOrganization();
        const now = "2030-01-01T00:00:00.000Z";
        for (let n = 0; n < 12; n += 1) {
          await store.operations.create(
            testOperation(organizationId, `due-${n}`, {
              nextAttemptAt: "2029-12-31T23:59:00.000Z",
            }),
          );
        }
        const other = await harness.open();
        try {
          const claims = await Promise.all([
            store.operations.claimDue({
              now,
              owner: "w1",
              leaseMs: 60_000,
              limit: 5,
            }),
            other.operations.claimDue({
              now,
              owner: "w2",
              leaseMs: 60_000,
              limit: 5,
            }),
            store.operations.claimDue({
              now,
              owner: "w3",
              leaseMs: 60_000,
              limit: 5,
            }),
          ]);
          const ids = claims
            .flat()
            .filter((op) => op.organizationId === organizationId)
            .map((op) => op.id);
          expect(new Set(ids).size).toBe(ids.length);
        } finally {
          await other.close();
        }
      });

      it("claimed operation not claimed again", async () => {
        const organizationId = nextOrganization();
        const now = "2031-01-01T00:00:00.000Z";
        const { operation } = await store.operations.create(
          testOperation(organizationId, "lease-1", {
            nextAttemptAt: "2030-12-31T00:00:00.000Z",
          }),
        );
        await store.operations.claimDue({
          now,
          owner: "w1",
          leaseMs: 60_000,
          limit: 500,
        });
        const again = await store.operations.claimDue({
          now,
          owner: "w2",
          leaseMs: 60_000,
          limit: 500,
        });
        expect(again.map((op) => op.id)).not.toContain(operation.id);
      });

      it("expired lease claimed again", async () => {
        const organizationId = nextOrganization();
        const { operation } = await store.operations.create(
          testOperation(organizationId, "lease-2", {
            nextAttemptAt: "2032-01-01T00:00:00.000Z",
          }),
        );
        await store.operations.claimDue({
          now: "2032-01-01T00:00:00.000Z",
          owner: "w1",
          leaseMs: 1000,
          limit: 500,
        });
        const later = await store.operations.claimDue({
          now: "2032-01-01T00:00:05.000Z",
          owner: "w2",
          leaseMs: 1000,
          limit: 500,
        });
        const claimed = later.find((op) => op.id === operation.id);
        expect(claimed?.lease?.owner).toBe("w2");
      });

      it("future operation not due", async () => {
        const organizationId = nextOrganization();
        const { operation } = await store.operations.create(
          testOperation(organizationId, "future", {
            nextAttemptAt: "2099-01-01T00:00:00.000Z",
          }),
        );
        const claimed = await store.operations.claimDue({
          now: "2033-01-01T00:00:00.000Z",
          owner: "w1",
          leaseMs: 1000,
          limit: 500,
        });
        expect(claimed.map((op) => op.id)).not.toContain(operation.id);
      });
    });

    describe("audit chain", () => {
      it("audit append assigns sequences", async () => {
        const organizationId = nextOrganization();
        const first = await store.audit.append(
          testAuditInput(organizationId, "auth.sign-in"),
        );
        const second = await store.audit.append(
          testAuditInput(organizationId, "auth.sign-out"),
        );
        expect([first.sequence, second.sequence]).toEqual([1, 2]);
        expect(second.previousHash).toBe(first.hash);
      });

      it("concurrent appends keep chain unbroken", async () => {
        const organizationId = nextOrganization();
        const other = await harness.open();
        try {
          await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              (i % 2 === 0 ? store : other).audit.append(
                testAuditInput(organizationId, `test.append-${i}`),
              ),
            ),
          );
          const result = await store.audit.verify(organizationId);
          expect(result.ok).toBe(true);
          expect(result.checked).toBe(12);
        } finally {
          await other.close();
        }
      });

      it("tampered entry detected", async () => {
        const organizationId = nextOrganization();
        for (let i = 0; i < 4; i += 1) {
          await store.audit.append(
            testAuditInput(organizationId, `test.e${i}`),
          );
        }
        await harness.tamperAuditAction(organizationId, 3, "test.forged");
        const result = await store.audit.verify(organizationId);
        expect(result.ok).toBe(false);
        expect(result.firstBroken?.sequence).toBe(3);
      });

      it("audit list filters and pages", async () => {
        const organizationId = nextOrganization();
        for (let i = 0; i < 6; i += 1) {
          await store.audit.append(
            testAuditInput(
              organizationId,
              i % 2 ? "auth.sign-in" : "profile.revoke",
              {
                time: `2026-03-0${i + 1}T10:00:00.000Z`,
                outcome: i === 5 ? "failure" : "success",
                actor: { oid: i < 3 ? "u1" : "u2", name: "User", roles: [] },
              },
            ),
          );
        }
        const first = await store.audit.list(organizationId, {
          action: "auth.",
          limit: 2,
        });
        const second = await store.audit.list(organizationId, {
          action: "auth.",
          limit: 2,
          cursor: first.nextCursor,
        });
        expect(
          [...first.items, ...second.items].map((entry) => entry.sequence),
        ).toEqual([6, 4, 2]);
        const failures = await store.audit.list(organizationId, {
          outcome: "failure",
          actorOid: "u2",
          from: "2026-03-02T00:00:00.000Z",
          to: "2026-03-07T00:00:00.000Z",
          limit: 10,
        });
        expect(failures.items.map((entry) => entry.sequence)).toEqual([6]);
      });

      it("audit list filter by target", async () => {
        const organizationId = nextOrganization();
        await store.audit.append(
          testAuditInput(organizationId, "profile.revoke", {
            target: "iccid:1",
          }),
        );
        await store.audit.append(
          testAuditInput(organizationId, "profile.revoke", {
            target: "iccid:2",
          }),
        );
        const page = await store.audit.list(organizationId, {
          target: "iccid:2",
          limit: 10,
        });
        expect(page.items.map((entry) => entry.sequence)).toEqual([2]);
      });
    });

    describe("commit", () => {
      it("commit writes operation profile and audit", async () => {
        const organizationId = nextOrganization();
        const profile = await store.profiles.create(
          testProfile(organizationId, 60),
        );
        const result = await store.commit({
          organizationId,
          operation: { create: testOperation(organizationId, "commit-1") },
          profile: {
            update: {
              iccid: profile.iccid,
              patch: { portalStatus: "Transferring" },
              ifVersion: profile.version as string,
            },
          },
          audit: [testAuditInput(organizationId, "profile.transfer")],
        });
        expect(result.operationCreated).toBe(true);
        const stored = await store.profiles.get(organizationId, profile.iccid);
        expect(stored?.portalStatus).toBe("Transferring");
        expect((await store.audit.head(organizationId))?.sequence).toBe(1);
      });

      it("replayed commit writes nothing more", async () => {
        const organizationId = nextOrganization();
        const request = {
          organizationId,
          operation: { create: testOperation(organizationId, "commit-2") },
          audit: [testAuditInput(organizationId, "profile.provision")],
        };
        await store.commit(request);
        const replay = await store.commit(request);
        expect(replay.operationCreated).toBe(false);
        expect((await store.audit.head(organizationId))?.sequence).toBe(1);
      });

      it("stale profile version aborts commit", async () => {
        const organizationId = nextOrganization();
        const profile = await store.profiles.create(
          testProfile(organizationId, 61),
        );
        await store.profiles.update(
          organizationId,
          profile.iccid,
          { group: "ops" },
          { ifVersion: profile.version as string },
        );
        await expect(
          store.commit({
            organizationId,
            operation: { create: testOperation(organizationId, "commit-3") },
            profile: {
              update: {
                iccid: profile.iccid,
                patch: { portalStatus: "Revoked" },
                ifVersion: profile.version as string,
              },
            },
            audit: [testAuditInput(organizationId, "profile.revoke")],
          }),
        ).rejects.toBeInstanceOf(VersionConflictError);
        expect(
          await store.operations.getByIdempotencyKey(
            organizationId,
            "commit-3",
          ),
        ).toBeNull();
        expect(await store.audit.head(organizationId)).toBeNull();
      });

      for (const step of ["profile", "audit"]) {
        it(`failure before ${step} leaves nothing half-written`, async () => {
          const organizationId = nextOrganization();
          const profile = await store.profiles.create(
            testProfile(organizationId, 62),
          );
          const failing = await harness.open({ failBeforeCommitStep: step });
          await expect(
            failing.commit({
              organizationId,
              operation: { create: testOperation(organizationId, "crash") },
              profile: {
                update: {
                  iccid: profile.iccid,
                  patch: { portalStatus: "Revoked" },
                  ifVersion: profile.version as string,
                },
              },
              audit: [testAuditInput(organizationId, "profile.revoke")],
            }),
          ).rejects.toBeInstanceOf(InjectedFailure);
          await failing.close();

          // A fresh client sees either every write or none of them.
          const reader = await harness.open();
          try {
            const operation = await reader.operations.getByIdempotencyKey(
              organizationId,
              "crash",
            );
            const stored = await reader.profiles.get(
              organizationId,
              profile.iccid,
            );
            const head = await reader.audit.head(organizationId);
            const written = [
              operation !== null,
              stored?.portalStatus === "Revoked",
              head?.sequence === 1,
            ];
            expect(written).toEqual(
              written[0] ? [true, true, true] : [false, false, false],
            );
          } finally {
            await reader.close();
          }
        });
      }
    });

    describe("notifications", () => {
      it("duplicate notification stored once", async () => {
        const organizationId = nextOrganization();
        const notification = {
          organizationId,
          iccid: testIccid(70),
          carrierId: "carrier-a",
          receivedAt: "2026-03-01T10:00:00.000Z",
          notificationPointId: "3",
          payload: { iccid: testIccid(70), notificationPointId: 3 },
        };
        const first = await store.notifications.append(notification);
        const second = await store.notifications.append({
          ...notification,
          receivedAt: "2026-03-01T10:00:05.000Z",
        });
        expect(second.created).toBe(false);
        expect(second.notification.id).toBe(first.notification.id);
        const listed = await store.notifications.listByIccid(
          organizationId,
          testIccid(70),
        );
        expect(listed).toHaveLength(1);
      });
    });

    describe("rollups", () => {
      it("rollup counts outcomes and latency", async () => {
        const organizationId = nextOrganization();
        const base = { organizationId, carrierId: "carrier-a" };
        await store.rollups.increment({
          ...base,
          time: "2026-03-01T10:15:00.000Z",
          outcome: "success",
          latencyMs: 120,
        });
        await store.rollups.increment({
          ...base,
          time: "2026-03-01T10:45:00.000Z",
          outcome: "failure",
          reasonCode: "8.2.1/3.9",
          latencyMs: 900,
        });
        await store.rollups.increment({
          ...base,
          time: "2026-03-01T11:05:00.000Z",
          outcome: "success",
          latencyMs: 80,
        });
        const rollups = await store.rollups.query(organizationId, {
          carrierId: "carrier-a",
          from: "2026-03-01T10:00:00.000Z",
          to: "2026-03-01T11:00:00.000Z",
        });
        expect(rollups).toHaveLength(1);
        expect(rollups[0]?.total).toBe(2);
        expect(rollups[0]?.failuresByReason["8.2.1/3.9"]).toBe(1);
        expect(rollups[0]?.latencySumMs).toBe(1020);
      });
    });

    describe("rate limits", () => {
      it("rate limit rejects over limit", async () => {
        const organizationId = nextOrganization();
        const request = {
          organizationId,
          key: "sign-in:127.0.0.1",
          windowMs: 60_000,
          limit: 2,
          now: "2026-03-01T10:00:00.000Z",
        };
        await store.rateLimits.consume(request);
        await store.rateLimits.consume(request);
        const third = await store.rateLimits.consume(request);
        expect(third.allowed).toBe(false);
      });
    });
  });
}

/** Hook for harnesses: throws InjectedFailure before the named commit step. */
export function failBefore(step: string | undefined) {
  if (!step) return undefined;
  return {
    beforeCommitStep(current: string) {
      if (current === step)
        throw new InjectedFailure(`injected before ${step}`);
    },
  };
}
