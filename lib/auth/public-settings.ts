import "server-only";
import { getAuthConfig } from "@/lib/config/auth-env";
import type { PublicAuthSettings } from "./msal-configuration";

/** Reads the identity settings that the browser may see. */
export function getPublicAuthSettings(): PublicAuthSettings {
  const config = getAuthConfig();
  return {
    clientId: config.clientId,
    authority: config.authority,
    knownAuthorities: config.knownAuthorities,
    apiScope: config.apiScope,
    protocolMode: config.protocolMode,
  };
}
