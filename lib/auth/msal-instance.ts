import {
  PublicClientApplication,
  type AuthenticationResult,
} from "@azure/msal-browser";
import {
  buildMsalConfiguration,
  type PublicAuthSettings,
} from "./msal-configuration";

let instance: PublicClientApplication | null = null;
let ready: Promise<AuthenticationResult | null> | null = null;

/**
 * Returns the page's one PublicClientApplication, creating it on first use.
 * Browser only: MSAL needs `window` and its storage.
 */
export function getMsalInstance(
  settings: PublicAuthSettings,
): PublicClientApplication {
  if (typeof window === "undefined") {
    throw new Error("getMsalInstance runs in the browser only.");
  }
  instance ??= new PublicClientApplication(
    buildMsalConfiguration(settings, window.location.origin),
  );
  return instance;
}

/**
 * Initializes MSAL and processes a sign-in response left by the redirect
 * bridge, once per page load; later calls share the same promise.
 */
export function initializeMsal(
  settings: PublicAuthSettings,
): Promise<AuthenticationResult | null> {
  const msal = getMsalInstance(settings);
  ready ??= msal.initialize().then(() => msal.handleRedirectPromise());
  return ready;
}
