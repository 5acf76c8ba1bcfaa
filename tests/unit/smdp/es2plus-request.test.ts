import { describe, expect, it } from "vitest";
import {
  Es2RequestError,
  prepareRequestFields,
} from "@/lib/smdp/es2plus-request";
import { es2Url } from "@/lib/smdp/es2plus-client";

function rejection(run: () => unknown): Es2RequestError | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof Es2RequestError ? error : null;
  }
}

describe("prepareRequestFields", () => {
  it("normalises ICCID padding", () => {
    const fields = prepareRequestFields("releaseProfile", {
      iccid: " 8988211000000530082f ",
    });

    expect(fields).toEqual({ iccid: "8988211000000530082" });
  });

  it("drops undefined optional fields", () => {
    const fields = prepareRequestFields("downloadOrder", {
      profileType: "consumer",
      eid: undefined,
    });

    expect(fields).toEqual({ profileType: "consumer" });
  });

  it("rejects an invalid EID", () => {
    const error = rejection(() =>
      prepareRequestFields("downloadOrder", {
        profileType: "consumer",
        eid: "89049032123451234512345678901234",
      }),
    );

    expect(error?.field).toBe("eid");
    expect(error?.message).toMatch(/check digits/);
  });

  it("rejects order without ICCID or type", () => {
    const error = rejection(() => prepareRequestFields("downloadOrder", {}));

    expect(error?.field).toBe("iccid");
  });

  it("rejects a matching ID with $", () => {
    const error = rejection(() =>
      prepareRequestFields("confirmOrder", {
        iccid: "8988211000000530082",
        releaseFlag: true,
        matchingId: "AB$CD",
      }),
    );

    expect(error?.field).toBe("matchingId");
  });

  it("hides a rejected confirmation code", () => {
    const error = rejection(() =>
      prepareRequestFields("confirmOrder", {
        iccid: "8988211000000530082",
        releaseFlag: true,
        confirmationCode: "",
      }),
    );

    expect(error?.field).toBe("confirmationCode");
    expect(error?.value).toBeUndefined();
  });

  it("rejects a missing releaseFlag", () => {
    const error = rejection(() =>
      prepareRequestFields("confirmOrder", {
        iccid: "8988211000000530082",
      } as never),
    );

    expect(error?.field).toBe("releaseFlag");
  });

  it("rejects an unknown final status", () => {
    const error = rejection(() =>
      prepareRequestFields("cancelOrder", {
        iccid: "8988211000000530082",
        finalProfileStatusIndicator: "Deleted",
      } as never),
    );

    expect(error?.field).toBe("finalProfileStatusIndicator");
  });

  it("rejects unknown fields", () => {
    const error = rejection(() =>
      prepareRequestFields("releaseProfile", {
        iccid: "8988211000000530082",
        extra: 1,
      } as never),
    );

    expect(error).not.toBeNull();
  });
});

describe("es2Url", () => {
  it("appends the path to a bare origin", () => {
    expect(es2Url("https://localhost:8443", "downloadOrder").href).toBe(
      "https://localhost:8443/gsma/rsp2/es2plus/downloadOrder",
    );
  });

  it("keeps a path prefix", () => {
    expect(
      es2Url("https://localhost:9443/carrier/es2/", "releaseProfile").href,
    ).toBe(
      "https://localhost:9443/carrier/es2/gsma/rsp2/es2plus/releaseProfile",
    );
  });
});
