// HTML of the local provider's own pages. Plain markup with inline styles
// and no external resources, so nothing is fetched from the internet.
import { createHash } from "node:crypto";

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;border:1px solid #cbd5e1;
border-radius:.5rem;padding:1.5rem 2rem}
h1{font-size:1.25rem;margin:0 0 .25rem}p{color:#475569;font-size:.9rem}
label{display:block;font-size:.875rem;margin-top:1rem}
input{box-sizing:border-box;width:100%;padding:.5rem;margin-top:.25rem;
border:1px solid #94a3b8;border-radius:.375rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;border:0;border-radius:.375rem;
background:#1d4ed8;color:#fff;font-size:1rem;cursor:pointer}
.error{color:#b91c1c;font-size:.875rem;margin-top:1rem}
`;

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** Sign-in form of one interaction. */
export function renderLoginPage(options: {
  action: string;
  organizationName: string;
  username?: string;
  error?: string;
}): string {
  const error = options.error
    ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>`
    : "";
  return layout(
    "Sign in: local identity provider",
    `<h1>Sign in</h1>
<p>Local identity provider for ${escapeHtml(options.organizationName)}.
Development use only.</p>
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
<label for="username">User name</label>
<input id="username" name="username" type="text" required maxlength="200"
 value="${escapeHtml(options.username ?? "")}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" required maxlength="200">
${error}
<button type="submit">Sign in</button>
</form>`,
  );
}

// Confirms the logout form that oidc-provider renders (id "op.logoutForm").
const LOGOUT_SCRIPT = `
const logoutForm = document.getElementById("op.logoutForm");
const confirmation = document.createElement("input");
confirmation.type = "hidden";
confirmation.name = "logout";
confirmation.value = "yes";
logoutForm.appendChild(confirmation);
logoutForm.submit();
`;

/** CSP source that allows the logout page's script and no other. */
export const LOGOUT_SCRIPT_SOURCE = `'sha256-${createHash("sha256")
  .update(LOGOUT_SCRIPT)
  .digest("base64")}'`;

/**
 * Confirmation page of RP-initiated logout; `form` comes from oidc-provider.
 * The page confirms by itself, because the portal's sign-out button already
 * asked the user: a provider session left open would sign the next person
 * at this browser in without a password. The button is the fallback when
 * scripts are off.
 */
export function renderLogoutPage(form: string): string {
  return layout(
    "Sign out: local identity provider",
    `<h1>Sign out</h1>
<p>Signing out of the local identity provider…</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>${LOGOUT_SCRIPT}</script>`,
  );
}

export function renderLoggedOutPage(): string {
  return layout(
    "Signed out: local identity provider",
    `<h1>Signed out</h1><p>You are signed out of the local identity provider.</p>`,
  );
}

export function renderErrorPage(fields: Record<string, string>): string {
  const rows = Object.entries(fields)
    .map(
      ([key, value]) =>
        `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`,
    )
    .join("");
  return layout(
    "Sign-in error: local identity provider",
    `<h1>Sign-in error</h1>${rows}`,
  );
}
