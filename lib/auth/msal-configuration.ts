import {
  LogLevel,
  type Configuration,
  type ProtocolMode,
} from "@azure/msal-browser";

/**
 * Identity settings the browser needs, passed from a server component as
 * props so one build serves any tenant. Contains no secret.
 */
export interface PublicAuthSettings {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  apiScope: string;
  protocolMode: "AAD" | "OIDC";
}

/** Path of the redirect-bridge page registered as the SPA redirect URI. */
export const REDIRECT_BRIDGE_PATH = "/auth/redirect";
/** Page the identity provider returns to after sign-out. */
export const POST_LOGOUT_PATH = "/sign-out";

/** Builds the MSAL configuration for a page served at `origin`. */
export function buildMsalConfiguration(
  settings: PublicAuthSettings,
  origin: string,
): Configuration {
  return {
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: settings.knownAuthorities,
      redirectUri: `${origin}${REDIRECT_BRIDGE_PATH}`,
      postLogoutRedirectUri: `${origin}${POST_LOGOUT_PATH}`,
    },
    // Shared by the tabs of one browser, so a new tab can renew its session.
    cache: { cacheLocation: "localStorage" },
    system: {
      // MSAL v5 reads protocolMode here only; under `auth` it is ignored.
      protocolMode: settings.protocolMode as ProtocolMode,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === LogLevel.Error) console.error(message);
        },
      },
    },
  };
}
