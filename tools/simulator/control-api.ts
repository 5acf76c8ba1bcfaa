// Control API of the simulator, enabled by `controlApi: true` and served on
// the same mutual-TLS server, outside the carrier's path prefix:
//   POST   /_sim/faults  body ForcedFault: force a fault on the next calls
//   DELETE /_sim/faults  drop every forced fault
//   POST   /_sim/device  body partial device settings (outcome, delays, quirks)
//   GET    /_sim/stats   executions per function, orders, states
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  deviceSchema,
  forcedFaultSchema,
  type DeviceSettings,
  type ForcedFault,
} from "./simulator-settings";

export interface ControlActions {
  injectFault(forced: ForcedFault): void;
  clearFaults(): void;
  updateDevice(settings: Partial<DeviceSettings>): void;
  stats(): unknown;
}

const MAX_CONTROL_BYTES = 16 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_CONTROL_BYTES) {
      throw new Error(
        `Control request larger than ${MAX_CONTROL_BYTES} bytes.`,
      );
    }
  }
  return JSON.parse(text);
}

function reply(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Serves one control request; rejects invalid bodies with 400. */
export async function handleControlRequest(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  actions: ControlActions,
): Promise<void> {
  const route = `${request.method ?? "GET"} ${path}`;
  try {
    switch (route) {
      case "POST /_sim/faults":
        actions.injectFault(forcedFaultSchema.parse(await readJson(request)));
        return reply(response, 204);
      case "DELETE /_sim/faults":
        actions.clearFaults();
        return reply(response, 204);
      case "POST /_sim/device":
        actions.updateDevice(
          deviceSchema.partial().parse(await readJson(request)),
        );
        return reply(response, 204);
      case "GET /_sim/stats":
        return reply(response, 200, actions.stats());
      default:
        return reply(response, 404, { error: `No control route ${route}.` });
    }
  } catch (error) {
    const message =
      error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    return reply(response, 400, { error: message });
  }
}
