import { readFileSync } from "node:fs";
import https from "node:https";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  applyPendingNotifications,
  UNMATCHED_NOTIFICATIONS_ORGANIZATION,
} from "@/lib/operations/notification-apply";
import { callerFromForwardedHeaders } from "@/lib/operations/notification-caller";
import { handleDownloadProgressNotification } from "@/lib/operations/notification-handler";
import type { NewProfile } from "@/lib/store/types";

import {
  createOperationsEnvironment,
  ORGANIZATION_ID,
  TEST_EID,
  type OperationsEnvironment,
} from "./operations-fixture";

const SECRET = "a-shared-ingress-secret-of-enough-length";

let iccidCounter = 0;
function nextIccid(): string {
  iccidCounter += 1;
  return `89882110000${String(iccidCounter).padStart(8, "0")}`;
}

function notificationBody(
  iccid: string,
  pointId: number | string,
  extra: Record<string, unknown> = {},
) {
  return {
    header: {
      functionRequesterIdentifier: "smdp.test",
      functionCallIdentifier: `ntf-${iccid}-${pointId}`,
    },
    eid: TEST_EID,
    iccid,
    profileType: "consumer",
    timestamp: "2026-12-04T10:00:00Z",
    notificationPointId: pointId,
    notificationPointStatus: { status: "Executed-Success" },
    ...extra,
  };
}

describe("HandleDownloadProgressInfo endpoint", () => {
  let environment: OperationsEnvironment;
  let agent: https.Agent;

  beforeAll(async () => {
    environment = await createOperationsEnvironment();
    agent = new https.Agent({
      ca: readFileSync(environment.certificates.ca.certPath),
      cert: readFileSync(environment.carrierCertificate.certPath),
      key: readFileSync(environment.carrierCertificate.keyPath),
    });
  });

  afterAll(async () => {
    agent.destroy();
    await environment.close();
  });

  function post(
    body: unknown,
    options: { agent?: https.Agent; raw?: string } = {},
  ) {
    const text = options.raw ?? JSON.stringify(body);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = https.request(environment.notifications.url, {
        method: "POST",
        agent: options.agent ?? agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(text),
        },
      });
      request.on("error", reject);
      request.on("response", (response) => {
        let data = "";
        response.on("data", (chunk: Buffer) => (data += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: data }),
        );
      });
      request.end(text);
    });
  }

  async function storedProfile(overrides: Partial<NewProfile> = {}) {
    const iccid = nextIccid();
    await environment.store.profiles.create({
      organizationId: ORGANIZATION_ID,
      iccid,
      eid: null,
      carrierId: "test",
      profileType: "consumer",
      smdpState: "Released",
      portalStatus: "Active",
      matchingId: "MATCH-1",
      activationCode: "1$localhost$MATCH-1",
      confirmationCodeRequired: false,
      deviceName: null,
      imei: null,
      owner: null,
      ownerEmail: null,
      group: null,
      ...overrides,
    });
    return iccid;
  }

  const profile = (iccid: string) =>
    environment.store.profiles.get(ORGANIZATION_ID, iccid);

  it("download notification updates profile", async () => {
    const iccid = await storedProfile();
    const response = await post(notificationBody(iccid, 3));
    const updated = await profile(iccid);

    expect(response.status).toBe(204);
    expect(response.body).toBe("");
    expect(updated?.smdpState).toBe("Downloaded");
    expect(updated?.eid).toBe(TEST_EID);
  });

  it("duplicate notification stored once", async () => {
    const iccid = await storedProfile();
    const first = await post(notificationBody(iccid, 3));
    const second = await post(notificationBody(iccid, 3));
    const stored = await environment.store.notifications.listByIccid(
      ORGANIZATION_ID,
      iccid,
    );
    const audit = await environment.store.audit.list(ORGANIZATION_ID, {
      target: iccid,
      limit: 10,
    });

    expect(first.status).toBe(204);
    expect(second.status).toBe(204);
    expect(stored.length).toBe(1);
    expect(audit.items.length).toBe(1);
  });

  it("out of order notification keeps Installed", async () => {
    const iccid = await storedProfile();
    await post(notificationBody(iccid, 4));
    const late = await post(
      notificationBody(iccid, "3", {
        timeStamp: 1_764_842_400,
        timestamp: undefined,
      }),
    );
    const updated = await profile(iccid);

    expect(late.status).toBe(204);
    expect(updated?.smdpState).toBe("Installed");
  });

  it("failed installation sets Error", async () => {
    const iccid = await storedProfile();
    await post(
      notificationBody(iccid, 4, {
        notificationPointStatus: {
          status: "Failed",
          statusCodeData: { subjectCode: "8.8.5", reasonCode: "3.8" },
        },
      }),
    );
    const updated = await profile(iccid);
    const audit = await environment.store.audit.list(ORGANIZATION_ID, {
      target: iccid,
      limit: 1,
    });

    expect(updated?.smdpState).toBe("Error");
    expect(updated?.portalStatus).toBe("Failed");
    expect(audit.items[0]?.statusCodes).toEqual({
      subjectCode: "8.8.5",
      reasonCode: "3.8",
    });
  });

  it("carrier point 101 enables profile", async () => {
    const iccid = await storedProfile({ smdpState: "Installed" });
    await post(notificationBody(`${iccid}F`, 101));
    const updated = await profile(iccid);

    expect(updated?.portalStatus).toBe("Enabled");
  });

  it("unknown ICCID kept until profile appears", async () => {
    const iccid = nextIccid();
    const response = await post(notificationBody(iccid, 3));
    const pending = await environment.store.notifications.listByIccid(
      UNMATCHED_NOTIFICATIONS_ORGANIZATION,
      iccid,
    );
    await storedProfile({ iccid } as Partial<NewProfile>);
    const applied = await applyPendingNotifications(environment.store, {
      organizationId: ORGANIZATION_ID,
      iccid,
      carrier: { id: "test", name: "Test Carrier" },
    });
    const again = await applyPendingNotifications(environment.store, {
      organizationId: ORGANIZATION_ID,
      iccid,
      carrier: { id: "test", name: "Test Carrier" },
    });
    const updated = await profile(iccid);

    expect(response.status).toBe(204);
    expect(pending.length).toBe(1);
    expect(applied).toBe(1);
    expect(again).toBe(0);
    expect(updated?.smdpState).toBe("Downloaded");
  });

  it("malformed body rejected with ES2+ error", async () => {
    const response = await post(null, {
      raw: '{"header": {}, "iccid": "abc"}',
    });
    const body = JSON.parse(response.body) as {
      header: {
        functionExecutionStatus: {
          status: string;
          statusCodeData: { subjectCode: string };
        };
      };
    };

    expect(response.status).toBe(400);
    expect(body.header.functionExecutionStatus.status).toBe("Failed");
    expect(body.header.functionExecutionStatus.statusCodeData.subjectCode).toBe(
      "1.6",
    );
  });

  it("certificate of foreign CA refused", async () => {
    const foreign = await import("@/tools/certs/local-ca").then(
      async ({ ensureCertificate }) =>
        ensureCertificate(`${environment.dir}/foreign`, {
          name: "foreign",
          commonName: "carrier-test",
          usage: "client",
        }),
    );
    const foreignAgent = new https.Agent({
      ca: readFileSync(environment.certificates.ca.certPath),
      cert: readFileSync(foreign.certPath),
      key: readFileSync(foreign.keyPath),
    });
    const outcome = await post(notificationBody(nextIccid(), 3), {
      agent: foreignAgent,
    }).then(
      (response) => `status ${response.status}`,
      () => "connection refused",
    );
    foreignAgent.destroy();

    expect(outcome).toBe("connection refused");
  });

  describe("forwarded client certificate", () => {
    const logger = pino({ level: "silent" });
    const trust = {
      certificateHeader: "x-forwarded-client-cert",
      secretHeader: "x-nexora-proxy-secret",
      secret: SECRET,
    };
    const handle = (headers: Record<string, string>, body: unknown) =>
      handleDownloadProgressNotification(
        { store: environment.store, registry: environment.registry, logger },
        {
          caller: callerFromForwardedHeaders(new Headers(headers), trust),
          rawBody: JSON.stringify(body),
          sourceIp: "203.0.113.7",
          userAgent: "ingress",
        },
      );
    const pem = () =>
      encodeURIComponent(
        readFileSync(environment.carrierCertificate.certPath, "utf8"),
      );

    it("trusted ingress header accepted", async () => {
      const iccid = await storedProfile();
      const response = await handle(
        { "x-forwarded-client-cert": pem(), "x-nexora-proxy-secret": SECRET },
        notificationBody(iccid, 3),
      );
      expect(response.status).toBe(204);
    });

    it("missing proxy secret refused", async () => {
      const response = await handle(
        { "x-forwarded-client-cert": pem() },
        notificationBody(nextIccid(), 3),
      );
      expect(response.status).toBe(403);
    });

    it("missing certificate header refused", async () => {
      const response = await handle(
        { "x-nexora-proxy-secret": SECRET },
        notificationBody(nextIccid(), 3),
      );
      expect(response.status).toBe(401);
    });

    it("unknown certificate subject refused", async () => {
      const portalPem = encodeURIComponent(
        readFileSync(environment.certificates.portalClient.certPath, "utf8"),
      );
      const response = await handle(
        {
          "x-forwarded-client-cert": portalPem,
          "x-nexora-proxy-secret": SECRET,
        },
        notificationBody(nextIccid(), 3),
      );
      expect(response.status).toBe(403);
    });

    it("unconfigured forwarding refused", async () => {
      const response = await handleDownloadProgressNotification(
        { store: environment.store, registry: environment.registry, logger },
        {
          caller: callerFromForwardedHeaders(
            new Headers({ "x-forwarded-client-cert": pem() }),
            null,
          ),
          rawBody: "{}",
          sourceIp: null,
          userAgent: null,
        },
      );
      expect(response.status).toBe(403);
    });
  });
});
