/** Entra ID app roles of the portal, as the `roles` claim carries them. */
export const PORTAL_ROLES = [
  "Portal.Admin",
  "Portal.Support",
  "Portal.Auditor",
] as const;

export type PortalRole = (typeof PORTAL_ROLES)[number];

/** Keeps the portal's roles from a `roles` claim and drops any other value. */
export function portalRolesOf(claim: unknown): PortalRole[] {
  if (!Array.isArray(claim)) return [];
  return PORTAL_ROLES.filter((role) => claim.includes(role));
}

/** Display name of a role: "Admin", "Support" or "Auditor". */
export function roleLabel(role: PortalRole): string {
  return role.slice("Portal.".length);
}
