import { randomBytes } from "node:crypto";

import { sendRequest, type RawResponse } from "../../auth/support/https-client";

/** Form state a `useActionState` form sends before its first submission. */
const INITIAL_STATE = { status: "idle", message: null, errors: {} };

/**
 * Encodes the arguments `(previousState, formData)` as React's
 * `encodeReply` does when one argument is a FormData, as a multipart body.
 * Part "0" is the JSON of the arguments with the FormData as the reference
 * "$K1", and each field of the FormData is a part named "_1_<field>". Part "0" comes
 * last, as React sends it: the server resolves the arguments when it arrives.
 */
function encodeFormArguments(
  fields: Record<string, string>,
  boundary: string,
): string {
  const parts: [string, string][] = [
    ...Object.entries(fields).map(([name, value]): [string, string] => [
      `_1_${name}`,
      value,
    ]),
    ["0", JSON.stringify([INITIAL_STATE, "$K1"])],
  ];
  const body = parts.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return `${body.join("")}--${boundary}--\r\n`;
}

/**
 * Calls a form server action (`(previousState, formData) => state`) the way
 * the Next.js client does: a POST to a page that renders the form, with the
 * `Next-Action` header and the form fields as multipart data.
 */
export function postFormAction(options: {
  portalUrl: string;
  pagePath: string;
  actionId: string;
  fields: Record<string, string>;
  cookie?: string;
  origin?: string;
  headers?: Record<string, string>;
}): Promise<RawResponse> {
  const boundary = `----security${randomBytes(8).toString("hex")}`;
  return sendRequest(`${options.portalUrl}${options.pagePath}`, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "next-action": options.actionId,
      origin: options.origin ?? options.portalUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: encodeFormArguments(options.fields, boundary),
  });
}
