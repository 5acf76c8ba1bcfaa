// Demo tenants, users and the portal's app registration served by the local
// identity provider. Passwords are for local development only: the provider
// listens on localhost and never stands in for Entra ID outside a laptop or CI.

export const PORTAL_ROLES = [
  "Portal.Admin",
  "Portal.Support",
  "Portal.Auditor",
] as const;

export interface DemoTenant {
  /** Entra ID tenant id (`tid` claim). */
  id: string;
  /** Organization record that the portal maps the tenant to. */
  organizationId: string;
  organizationName: string;
}

export interface DemoUser {
  /** Entra ID object id (`oid` claim), also used as `sub`. */
  oid: string;
  tenantId: string;
  /** Sign-in name, sent as `preferred_username`. */
  username: string;
  password: string;
  name: string;
  roles: string[];
}

/** Client id of the portal's local app registration. */
export const LOCAL_CLIENT_ID = "c2d91721-3f8f-4ed6-8bf5-d20d4c98cdd6";

/** Scope of the portal's own API, shaped like an Entra ID exposed scope. */
export const LOCAL_API_SCOPE = `api://${LOCAL_CLIENT_ID}/Portal.Access`;

export const CONTOSO: DemoTenant = {
  id: "197aae82-4b1d-4d9f-b9bf-8159dc3e43f1",
  organizationId: "contoso-fleet",
  organizationName: "Contoso Fleet",
};

export const FABRIKAM: DemoTenant = {
  id: "287b6a53-4e2f-478e-b095-39e506ae3edd",
  organizationId: "fabrikam-devices",
  organizationName: "Fabrikam Devices",
};

export const DEMO_TENANTS: DemoTenant[] = [CONTOSO, FABRIKAM];

export const DEMO_USERS: DemoUser[] = [
  {
    oid: "d8b8ec4b-4d8a-4e40-89cf-d365134cb37b",
    tenantId: CONTOSO.id,
    username: "admin@contoso.example",
    password: "contoso-admin-local",
    name: "Ada Admin",
    roles: ["Portal.Admin"],
  },
  {
    oid: "b1321f0a-6b76-486f-bd39-1d00306fec16",
    tenantId: CONTOSO.id,
    username: "support@contoso.example",
    password: "contoso-support-local",
    name: "Sam Support",
    roles: ["Portal.Support"],
  },
  {
    oid: "7405b78f-9444-43a2-87eb-88aefb6913a9",
    tenantId: CONTOSO.id,
    username: "auditor@contoso.example",
    password: "contoso-auditor-local",
    name: "Avery Auditor",
    roles: ["Portal.Auditor"],
  },
  {
    oid: "372d1c54-0d20-4357-90b2-64cca770a8ee",
    tenantId: CONTOSO.id,
    username: "norole@contoso.example",
    password: "contoso-norole-local",
    name: "Noor Norole",
    roles: [],
  },
  {
    oid: "1fca86b5-f2a7-40d1-b533-a8700aee43e5",
    tenantId: FABRIKAM.id,
    username: "admin@fabrikam.example",
    password: "fabrikam-admin-local",
    name: "Farah Admin",
    roles: ["Portal.Admin"],
  },
];

/** Returns the demo user with this sign-in name (case-insensitive). */
export function findDemoUser(
  users: DemoUser[],
  username: string,
): DemoUser | undefined {
  const wanted = username.trim().toLowerCase();
  return users.find((user) => user.username === wanted);
}
