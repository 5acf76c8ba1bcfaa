import { describe, expect, test } from "vitest";
import {
  hasPermission,
  PERMISSIONS,
  permissionsOf,
  type Permission,
} from "@/lib/auth/permissions";
import { portalRolesOf } from "@/lib/auth/roles";

describe("permissions", () => {
  const adminOnly: Permission[] = [
    "profile.provision",
    "profile.transfer",
    "profile.revoke",
    "carrier.configure",
    "admin.acknowledge",
  ];

  for (const permission of adminOnly) {
    test(`${permission} is admin only`, () => {
      expect(PERMISSIONS[permission]).toEqual(["Portal.Admin"]);
    });
  }

  test("support may retry operations", () => {
    expect(hasPermission(["Portal.Support"], "operation.retry")).toBe(true);
  });

  test("support may not provision", () => {
    expect(hasPermission(["Portal.Support"], "profile.provision")).toBe(false);
  });

  test("auditor may export audit", () => {
    expect(hasPermission(["Portal.Auditor"], "audit.export")).toBe(true);
  });

  test("admin may not read audit", () => {
    expect(hasPermission(["Portal.Admin"], "audit.read")).toBe(false);
  });

  test("auditor holds read permissions only", () => {
    expect(permissionsOf(["Portal.Auditor"])).toEqual([
      "audit.read",
      "audit.export",
      "fleet.read",
      "dashboard.read",
    ]);
  });

  test("no role holds nothing", () => {
    expect(permissionsOf([])).toEqual([]);
  });
});

describe("portalRolesOf", () => {
  test("unknown roles dropped", () => {
    expect(portalRolesOf(["Portal.Admin", "Global.Admin"])).toEqual([
      "Portal.Admin",
    ]);
  });

  test("non-array claim gives none", () => {
    expect(portalRolesOf("Portal.Admin")).toEqual([]);
  });
});
