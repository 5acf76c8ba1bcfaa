import type { PortalRole } from "./roles";

/**
 * Which roles hold each permission. Admins also hold the support actions on
 * operations, because they own the provisioning those operations belong to.
 * Audit data stays with auditors, so admins cannot read or export it.
 */
export const PERMISSIONS = {
  "profile.provision": ["Portal.Admin"],
  "profile.transfer": ["Portal.Admin"],
  "profile.revoke": ["Portal.Admin"],
  "carrier.configure": ["Portal.Admin"],
  "admin.acknowledge": ["Portal.Admin"],
  "operation.retry": ["Portal.Support", "Portal.Admin"],
  "operation.cancel": ["Portal.Support", "Portal.Admin"],
  "operation.escalate": ["Portal.Support", "Portal.Admin"],
  "operation.annotate": ["Portal.Support", "Portal.Admin"],
  "audit.read": ["Portal.Auditor"],
  "audit.export": ["Portal.Auditor"],
  "fleet.read": ["Portal.Admin", "Portal.Support", "Portal.Auditor"],
  "dashboard.read": ["Portal.Admin", "Portal.Support", "Portal.Auditor"],
} as const satisfies Record<string, readonly PortalRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether any of `roles` holds `permission`. */
export function hasPermission(
  roles: readonly PortalRole[],
  permission: Permission,
): boolean {
  const allowed: readonly PortalRole[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

/** Every permission that `roles` hold, in table order. */
export function permissionsOf(roles: readonly PortalRole[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
    hasPermission(roles, permission),
  );
}
