import Provider, {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
} from "oidc-provider";
import type { DemoTenant, DemoUser } from "./demo-directory";
import type { ProviderKeys } from "./signing-keys";
import {
  renderErrorPage,
  renderLoggedOutPage,
  renderLogoutPage,
} from "./pages";

export interface TenantProviderOptions {
  issuer: string;
  tenant: DemoTenant;
  users: DemoUser[];
  keys: ProviderKeys;
  clientId: string;
  /** Exposed API scope, for example `api://<client-id>/Portal.Access`. */
  apiScope: string;
  /** Origins of the portal: redirect URIs and CORS are derived from them. */
  portalOrigins: string[];
  accessTokenTtlSeconds: number;
}

/** Returns the resource indicator of an `api://<app>/<scope>` scope. */
export function resourceOfScope(apiScope: string): string {
  const url = new URL(apiScope);
  return `${url.protocol}//${url.host}`;
}

function resourceFromRequestedScope(
  scope: unknown,
  apiScope: string,
): string | undefined {
  if (typeof scope !== "string") return undefined;
  const requested = scope.split(" ");
  return requested.includes(apiScope) ? resourceOfScope(apiScope) : undefined;
}

/**
 * Builds the oidc-provider configuration of one tenant: Entra-shaped claims
 * (`oid`, `tid`, `roles`, `name`, `preferred_username`), JWT access tokens
 * for the portal's API scope, PKCE and refresh tokens for a public SPA client.
 */
export function buildProviderConfiguration(
  options: TenantProviderOptions,
): Configuration {
  const users = new Map(
    options.users
      .filter((user) => user.tenantId === options.tenant.id)
      .map((user) => [user.oid, user]),
  );
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, "");
  const apiResource = resourceOfScope(options.apiScope);
  const scopeName = options.apiScope.slice(apiResource.length + 1);

  const entraClaims = (user: DemoUser) => ({
    sub: user.oid,
    oid: user.oid,
    tid: user.tenantId,
    name: user.name,
    preferred_username: user.username,
    // Entra ID omits `roles` when no app role is assigned; so does this.
    ...(user.roles.length > 0 ? { roles: user.roles } : {}),
  });

  return {
    clients: [
      {
        client_id: options.clientId,
        client_name: "NexoraSIM Portal",
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: options.portalOrigins.map(
          (origin) => `${origin}/auth/redirect`,
        ),
        post_logout_redirect_uris: options.portalOrigins.map(
          (origin) => `${origin}/sign-out`,
        ),
      },
    ],
    jwks: options.keys.jwks as Configuration["jwks"],
    cookies: {
      keys: options.keys.cookieKeys,
      // The portal may be served over http on another port, which browsers
      // treat as another site: None lets a hidden-iframe renewal send them.
      long: { httpOnly: true, sameSite: "none", secure: true },
      short: { httpOnly: true, sameSite: "none", secure: true },
    },
    scopes: ["openid", "profile", "offline_access"],
    claims: {
      openid: ["sub", "oid", "tid", "roles"],
      profile: ["name", "preferred_username"],
    },
    // Entra ID puts profile claims in the ID token; oidc-provider does that
    // only with this set to false.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => entraClaims(user) };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== "AccessToken" || !token.accountId) return undefined;
      const user = users.get(token.accountId);
      if (!user) return undefined;
      return {
        ...entraClaims(user),
        scp: scopeName,
        azp: options.clientId,
        ver: "2.0",
      };
    },
    pkce: { required: () => true },
    interactions: {
      url: async (_ctx, interaction) =>
        `${mountPath}/interaction/${interaction.uid}`,
    },
    clientBasedCORS: (_ctx, origin) => options.portalOrigins.includes(origin),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      IdToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      Interaction: 3600,
      RefreshToken: 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = "html";
          ctx.body = renderLogoutPage(form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = renderLoggedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        // MSAL sends no `resource` parameter: derive it from the scope.
        async defaultResource(ctx: KoaContextWithOIDC, _client, oneOf) {
          return (
            resourceFromRequestedScope(
              ctx.oidc.params?.scope,
              options.apiScope,
            ) ?? oneOf
          );
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== apiResource) {
            throw new errors.InvalidTarget(
              `unknown resource ${resourceIndicator}`,
            );
          }
          return {
            scope: options.apiScope,
            // Entra ID v2 access tokens carry the app's client id as `aud`.
            audience: options.clientId,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = renderErrorPage(out as unknown as Record<string, string>);
    },
  };
}

/** Creates the provider of one tenant. */
export function createTenantProvider(options: TenantProviderOptions): Provider {
  const provider = new Provider(
    options.issuer,
    buildProviderConfiguration(options),
  );
  // The provider runs behind no proxy; localhost only.
  provider.proxy = false;
  return provider;
}
