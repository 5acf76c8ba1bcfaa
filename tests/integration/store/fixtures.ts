import { luhnCheckDigit } from "@/lib/esim/luhn";
import type {
  AuditEntryInput,
  NewOperation,
  NewProfile,
  Organization,
} from "@/lib/store";

/** Builds the n-th Luhn-valid 19-digit test ICCID. */
export function testIccid(n: number): string {
  const payload = `898800${String(n).padStart(12, "0")}`;
  return payload + String(luhnCheckDigit(payload));
}

export function testOrganization(id: string): Organization {
  return {
    id,
    name: `Organization ${id}`,
    tenantIds: [`tenant-${id}`],
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

export function testProfile(
  organizationId: string,
  n: number,
  overrides: Partial<NewProfile> = {},
): NewProfile {
  return {
    organizationId,
    iccid: testIccid(n),
    eid: null,
    carrierId: n % 2 === 0 ? "carrier-a" : "carrier-b",
    profileType: "standard",
    smdpState: "Available",
    portalStatus: "Active",
    matchingId: null,
    activationCode: null,
    confirmationCodeRequired: false,
    deviceName: `Device ${String(n).padStart(4, "0")}`,
    imei: null,
    owner: `Owner ${n}`,
    ownerEmail: null,
    group: n % 3 === 0 ? "sales" : "field",
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...overrides,
  };
}

export function testOperation(
  organizationId: string,
  idempotencyKey: string,
  overrides: Partial<NewOperation> = {},
): NewOperation {
  return {
    organizationId,
    kind: "provision",
    idempotencyKey,
    state: "pending",
    carrierId: "carrier-a",
    iccid: null,
    input: { profileType: "standard" },
    steps: [],
    nextAttemptAt: null,
    outcome: null,
    createdBy: { oid: "user-1", name: "Ada Admin" },
    ...overrides,
  };
}

export function testAuditInput(
  organizationId: string,
  action: string,
  overrides: Partial<AuditEntryInput> = {},
): AuditEntryInput {
  return {
    organizationId,
    time: "2026-03-01T10:00:00.000Z",
    actor: { oid: "user-1", name: "Ada Admin", roles: ["Portal.Admin"] },
    sourceIp: "127.0.0.1",
    userAgent: "vitest",
    action,
    target: null,
    outcome: "success",
    correlationId: null,
    ...overrides,
  };
}
