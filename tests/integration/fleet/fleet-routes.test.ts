import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  CONTOSO,
  DEMO_USERS,
  FABRIKAM,
} from "../../../tools/oidc-provider/demo-directory";
import {
  startPortalUnderTest,
  type PortalUnderTest,
} from "../auth/support/portal-stack";
import {
  testIccid,
  testOperation,
  testProfile,
} from "../store/fixtures";

const contosoAdmin = DEMO_USERS.find(
  (user) => user.username === "admin@contoso.example",
)!;
const contosoAuditor = DEMO_USERS.find(
  (user) => user.username === "auditor@contoso.example",
)!;
const fabrikamAdmin = DEMO_USERS.find(
  (user) => user.username === "admin@fabrikam.example",
)!;

// ICCIDs of this suite start 898800000000077...: numbers 77000 and up.
const CONTOSO_NUMBERS = [77001, 77002, 77003, 77004];
const FABRIKAM_NUMBER = 77101;
const GROUP = "routes-suite";

let portal: PortalUnderTest;
let contosoCookie: string;
let fabrikamCookie: string;
let contosoOperationId: string;
let fabrikamOperationId: string;

beforeAll(async () => {
  portal = await startPortalUnderTest();
  for (const n of CONTOSO_NUMBERS) {
    await portal.store.profiles.create(
      testProfile(CONTOSO.organizationId, n, {
        group: GROUP,
        activationCode: "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815",
      }),
    );
  }
  await portal.store.profiles.create(
    testProfile(FABRIKAM.organizationId, FABRIKAM_NUMBER, { group: GROUP }),
  );
  contosoOperationId = (
    await portal.store.operations.create(
      testOperation(CONTOSO.organizationId, "routes-suite-contoso", {
        iccid: testIccid(77001),
        input: { confirmationCode: "secret-code" },
        steps: [
          {
            name: "download-order",
            function: "DownloadOrder",
            functionCallIdentifier: "fci-1",
            state: "failed",
            attempts: 2,
            startedAt: "2026-03-01T10:00:00.000Z",
            finishedAt: "2026-03-01T10:00:01.000Z",
            latencyMs: 412,
            executionStatus: "Failed",
            subjectCode: "8.2.5",
            reasonCode: "3.7",
            error: null,
            result: { matchingId: "SECRET-MATCHING-ID" },
          },
        ],
      }),
    )
  ).operation.id;
  fabrikamOperationId = (
    await portal.store.operations.create(
      testOperation(FABRIKAM.organizationId, "routes-suite-fabrikam"),
    )
  ).operation.id;
  contosoCookie = await portal.sessionCookieOf(contosoAdmin);
  fabrikamCookie = await portal.sessionCookieOf(fabrikamAdmin);
});

afterAll(async () => {
  await portal?.stop();
});

function csvLines(body: string): string[] {
  return body.split("\r\n").filter((line) => line !== "");
}

describe("GET /api/fleet/export", () => {
  test("no session is refused", async () => {
    const response = await portal.get(`/api/fleet/export?group=${GROUP}`);
    expect(response.status).toBe(401);
    expect(response.body).not.toContain(testIccid(77001));
  });

  test("export lists own organization only", async () => {
    const response = await portal.get(`/api/fleet/export?group=${GROUP}`, {
      cookie: contosoCookie,
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = csvLines(response.body);
    expect(lines[0]).toMatch(/^ICCID,EID,Carrier/);
    expect(lines).toHaveLength(CONTOSO_NUMBERS.length + 1);
    expect(response.body).not.toContain(testIccid(FABRIKAM_NUMBER));
  });

  test("other organization sees none", async () => {
    const response = await portal.get(`/api/fleet/export?group=${GROUP}`, {
      cookie: fabrikamCookie,
    });
    expect(response.status).toBe(200);
    for (const n of CONTOSO_NUMBERS) {
      expect(response.body).not.toContain(testIccid(n));
    }
    expect(response.body).toContain(testIccid(FABRIKAM_NUMBER));
  });

  test("export omits activation codes", async () => {
    const response = await portal.get(`/api/fleet/export?group=${GROUP}`, {
      cookie: contosoCookie,
    });
    expect(response.body).not.toContain("SMDP.GSMA.COM");
  });

  test("export applies the search", async () => {
    const iccid = testIccid(77003);
    const response = await portal.get(
      `/api/fleet/export?group=${GROUP}&q=${iccid}`,
      { cookie: contosoCookie },
    );
    const lines = csvLines(response.body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(iccid);
  });

  test("invalid parameter is rejected", async () => {
    const response = await portal.get("/api/fleet/export?state=Bogus", {
      cookie: contosoCookie,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe("invalid_parameters");
  });

  test("export is audited", async () => {
    const before = (await portal.auditEntries(CONTOSO.organizationId)).length;
    await portal.get(`/api/fleet/export?group=${GROUP}`, {
      cookie: contosoCookie,
    });
    const added = (await portal.auditEntries(CONTOSO.organizationId)).slice(
      before,
    );
    const exports = added.filter((entry) => entry.action === "fleet.export");
    expect(exports).toHaveLength(1);
    expect(exports[0]?.actor.oid).toBe(contosoAdmin.oid);
    expect(exports[0]?.after).toMatchObject({
      filter: { group: GROUP },
      rows: CONTOSO_NUMBERS.length,
    });
  });

  test("auditor may export", async () => {
    const cookie = await portal.sessionCookieOf(contosoAuditor);
    const response = await portal.get(`/api/fleet/export?group=${GROUP}`, {
      cookie,
    });
    expect(response.status).toBe(200);
  });
});

describe("GET /api/operations/[id]", () => {
  test("no session is refused", async () => {
    const response = await portal.get(`/api/operations/${contosoOperationId}`);
    expect(response.status).toBe(401);
  });

  test("other organization gets not found", async () => {
    const response = await portal.get(
      `/api/operations/${contosoOperationId}`,
      { cookie: fabrikamCookie },
    );
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(testIccid(77001));
  });

  test("own operation is returned", async () => {
    const response = await portal.get(
      `/api/operations/${contosoOperationId}`,
      { cookie: contosoCookie },
    );
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.id).toBe(contosoOperationId);
    expect(body.steps[0].functionCallIdentifier).toBe("fci-1");
    expect(body.steps[0].diagnosis.known).toBe(true);
  });

  test("operation input stays on server", async () => {
    const response = await portal.get(
      `/api/operations/${contosoOperationId}`,
      { cookie: contosoCookie },
    );
    expect(response.body).not.toContain("secret-code");
    expect(response.body).not.toContain("SECRET-MATCHING-ID");
  });

  test("own organization reads its own", async () => {
    const response = await portal.get(
      `/api/operations/${fabrikamOperationId}`,
      { cookie: fabrikamCookie },
    );
    expect(response.status).toBe(200);
  });

  test("malformed id is rejected", async () => {
    const response = await portal.get("/api/operations/%3Cscript%3E", {
      cookie: contosoCookie,
    });
    expect(response.status).toBe(400);
  });
});
