// Devices that download and install released profiles: after each delay the
// profile moves on in the inventory and the SM-DP+ posts
// HandleDownloadProgressInfo to the portal over mutual TLS, as carriers do,
// optionally with the quirks real SM-DP+s show.
import { randomBytes, randomUUID } from "node:crypto";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { SmdpEvent } from "@/lib/esim";
import type { CarrierTls } from "@/lib/smdp/es2plus-transport";
import type { ExecutionStatus, StatusCodeData } from "@/lib/smdp/es2plus-types";
import type { ProfileInventory } from "./profile-inventory";
import type { DeviceOutcome, DeviceSettings } from "./simulator-settings";

interface DeviceStep {
  delay: keyof DeviceSettings["delaysMs"];
  notificationPointId: number;
  status: ExecutionStatus;
  statusCodeData?: StatusCodeData;
  event?: SmdpEvent;
}

/** One notification post and what the receiver returned. */
export interface NotificationRecord {
  iccid: string;
  notificationPointId: number;
  status: ExecutionStatus;
  body: Record<string, unknown>;
  httpStatus: number | null;
  error: string | null;
}

const FAILURE = { type: "failure" } as const;

function stepsFor(outcome: DeviceOutcome): DeviceStep[] {
  const eligible: DeviceStep = {
    delay: "eligibility",
    notificationPointId: 1,
    status: "Executed-Success",
  };
  const downloaded: DeviceStep = {
    delay: "download",
    notificationPointId: 3,
    status: "Executed-Success",
    event: { type: "download" },
  };
  const failed = (
    delay: DeviceStep["delay"],
    notificationPointId: number,
    subjectCode: string,
    reasonCode: string,
    message: string,
  ): DeviceStep => ({
    delay,
    notificationPointId,
    status: "Failed",
    statusCodeData: { subjectCode, reasonCode, message },
    event: FAILURE,
  });

  switch (outcome) {
    case "install":
      return [
        eligible,
        downloaded,
        {
          delay: "installation",
          notificationPointId: 4,
          status: "Executed-Success",
          event: { type: "install" },
        },
      ];
    case "eligibility-failure":
      return [
        failed("eligibility", 1, "8.8.5", "6.4", "Download retries exceeded."),
      ];
    case "confirmation-failure":
      return [
        eligible,
        failed(
          "download",
          2,
          "8.2.7",
          "6.4",
          "Confirmation code retries exceeded.",
        ),
      ];
    case "download-failure":
      return [
        eligible,
        failed("download", 3, "8.8.5", "4.10", "Download order expired."),
      ];
    case "user-rejected":
      return [
        eligible,
        failed(
          "download",
          3,
          "8.8.5",
          "3.8",
          "End user rejected the download.",
        ),
      ];
    case "installation-failure":
      return [
        eligible,
        downloaded,
        failed(
          "installation",
          4,
          "8.8.5",
          "4.2",
          "Profile installation failed.",
        ),
      ];
    case "silent":
      // The device never connects: nothing changes and nothing is sent.
      return [];
  }
}

export class SimulatedDevices {
  private readonly running = new Map<string, AbortController>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly agent: https.Agent | null;
  readonly notifications: NotificationRecord[] = [];

  constructor(
    private readonly options: {
      inventory: ProfileInventory;
      settings: () => DeviceSettings;
      notificationUrl: string | undefined;
      /** Carrier's client certificate and the CA of the portal's server. */
      notificationTls: CarrierTls | undefined;
      smdpAddress: string;
      logger: Logger | undefined;
    },
  ) {
    this.agent =
      options.notificationTls === undefined
        ? null
        : new https.Agent({
            ...options.notificationTls,
            minVersion: "TLSv1.2",
            keepAlive: true,
          });
  }

  /** Starts the device of a just-released profile. */
  start(iccid: string): void {
    this.cancel(iccid);
    const controller = new AbortController();
    this.running.set(iccid, controller);
    const task = this.progress(iccid, controller.signal)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          this.options.logger?.error(
            { iccid, error: String(error) },
            "simulated device failed",
          );
        }
      })
      .finally(() => {
        this.tasks.delete(task);
        if (this.running.get(iccid) === controller) {
          this.running.delete(iccid);
        }
      });
    this.tasks.add(task);
  }

  /** Stops the device of a profile whose order was cancelled. */
  cancel(iccid: string): void {
    this.running.get(iccid)?.abort();
    this.running.delete(iccid);
  }

  /** Resolves once every running device has finished or stopped. */
  async settled(): Promise<void> {
    while (this.tasks.size > 0) {
      await Promise.allSettled([...this.tasks]);
    }
  }

  close(): void {
    for (const controller of this.running.values()) {
      controller.abort();
    }
    this.running.clear();
    this.agent?.destroy();
  }

  private async progress(iccid: string, signal: AbortSignal): Promise<void> {
    const settings = this.options.settings();
    for (const step of stepsFor(settings.outcome)) {
      await sleep(settings.delaysMs[step.delay], undefined, { signal });
      const profile = this.options.inventory.get(iccid);
      if (profile === undefined) {
        return;
      }
      if (step.event !== undefined) {
        this.options.inventory.apply(profile, step.event);
      }
      const body = this.buildNotification(settings, step, profile);
      const copies = settings.quirks.duplicates ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        await this.send(iccid, step, body);
      }
    }
  }

  private buildNotification(
    settings: DeviceSettings,
    step: DeviceStep,
    profile: { iccid: string; eid: string | null; profileType: string },
  ): Record<string, unknown> {
    const { quirks } = settings;
    const now = new Date();
    const timestamp = quirks.epochSeconds
      ? Math.floor(now.getTime() / 1000)
      : `${now.toISOString().slice(0, 19)}Z`;
    const iccid =
      quirks.trailingF && profile.iccid.length === 19
        ? `${profile.iccid}F`
        : profile.iccid;

    return {
      header: {
        functionRequesterIdentifier: this.options.smdpAddress,
        functionCallIdentifier: randomUUID(),
      },
      ...(profile.eid === null ? {} : { eid: profile.eid }),
      iccid,
      profileType: profile.profileType,
      [quirks.timeStampField ? "timeStamp" : "timestamp"]: timestamp,
      notificationPointId: quirks.stringIds
        ? String(step.notificationPointId)
        : step.notificationPointId,
      notificationPointStatus: {
        status: step.status,
        ...(step.statusCodeData === undefined
          ? {}
          : { statusCodeData: step.statusCodeData }),
      },
      // Stands in for the base64 ProfileInstallationResult of SGP.22.
      ...(step.notificationPointId === 4
        ? { resultData: randomBytes(24).toString("base64") }
        : {}),
      ...(quirks.extraFields
        ? { tac: "35332011", imei: "353320110000006" }
        : {}),
    };
  }

  private async send(
    iccid: string,
    step: DeviceStep,
    body: Record<string, unknown>,
  ): Promise<void> {
    const record: NotificationRecord = {
      iccid,
      notificationPointId: step.notificationPointId,
      status: step.status,
      body,
      httpStatus: null,
      error: null,
    };
    const url = this.options.notificationUrl;
    if (url === undefined || this.agent === null) {
      record.error = "no notificationUrl configured";
      this.notifications.push(record);
      return;
    }

    try {
      record.httpStatus = await postNotification(
        this.agent,
        new URL(url),
        JSON.stringify(body),
      );
    } catch (error) {
      record.error = String(error);
      this.options.logger?.warn(
        {
          iccid,
          notificationPointId: step.notificationPointId,
          error: record.error,
        },
        "notification post failed",
      );
    }
    this.notifications.push(record);
  }
}

function postNotification(
  agent: https.Agent,
  url: URL,
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: "POST",
      agent,
      timeout: 10_000,
      headers: {
        "Content-Type": "application/json",
        "X-Admin-Protocol": "gsma/rsp/v2.2.0",
        "Content-Length": Buffer.byteLength(body),
      },
    });
    request.on("timeout", () =>
      request.destroy(new Error("notification post timed out")),
    );
    request.on("error", reject);
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.end(body);
  });
}
