import { describe, expect, it } from "vitest";
import { classifyEs2Response, excerptBody } from "@/lib/smdp/es2plus-response";
import { describeConnectionError } from "@/lib/smdp/es2plus-transport";

/** Narrows a result to one `kind`, failing with the whole result otherwise. */
function expectKind<R extends { kind: string }, K extends R["kind"]>(
  result: R,
  kind: K,
): Extract<R, { kind: K }> {
  if (result.kind !== kind) {
    throw new Error(`Expected kind ${kind}, got ${JSON.stringify(result)}`);
  }
  return result as Extract<R, { kind: K }>;
}

const SUCCESS_HEADER = {
  functionExecutionStatus: { status: "Executed-Success" },
};

function response(
  body: string,
  overrides: Partial<Parameters<typeof classifyEs2Response>[1]> = {},
) {
  return {
    httpStatus: 200,
    contentType: "application/json",
    adminProtocol: "gsma/rsp/v2.2.0",
    body,
    ...overrides,
  };
}

function json(value: unknown) {
  return JSON.stringify(value);
}

describe("classifyEs2Response", () => {
  it("success returns normalised ICCID", () => {
    const result = classifyEs2Response(
      "downloadOrder",
      response(json({ header: SUCCESS_HEADER, iccid: "8988211000000530082F" })),
    );

    expect(result).toEqual({
      kind: "success",
      data: { iccid: "8988211000000530082" },
      executionStatus: "Executed-Success",
      httpStatus: 200,
    });
  });

  it("content type parameters are accepted", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response(json({ header: SUCCESS_HEADER }), {
        contentType: "application/json;charset=UTF-8",
      }),
    );

    expect(result.kind).toBe("success");
  });

  it.each(["gsma/rsp/v2.1.0", "gsma/rsp/v2.5.3"])(
    "protocol %s is accepted",
    (version) => {
      const result = classifyEs2Response(
        "cancelOrder",
        response(json({ header: SUCCESS_HEADER }), { adminProtocol: version }),
      );

      expect(result.kind).toBe("success");
    },
  );

  it("missing protocol header is accepted", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response(json({ header: SUCCESS_HEADER }), { adminProtocol: null }),
    );

    expect(result.kind).toBe("success");
  });

  it("protocol version 3 is a protocol error", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response(json({ header: SUCCESS_HEADER }), {
        adminProtocol: "gsma/rsp/v3.0.0",
      }),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(
      /X-Admin-Protocol/,
    );
  });

  it("warning is a success with codes", () => {
    const result = classifyEs2Response(
      "releaseProfile",
      response(
        json({
          header: {
            functionExecutionStatus: {
              status: "Executed-WithWarning",
              statusCodeData: { subjectCode: "8.9", reasonCode: "5.1" },
            },
          },
        }),
      ),
    );

    expect(result).toMatchObject({
      kind: "success",
      executionStatus: "Executed-WithWarning",
      statusCodeData: { subjectCode: "8.9", reasonCode: "5.1" },
    });
  });

  it("Failed keeps dotted codes as strings", () => {
    const result = classifyEs2Response(
      "confirmOrder",
      response(
        json({
          header: {
            functionExecutionStatus: {
              status: "Failed",
              statusCodeData: {
                subjectCode: "8.1.1",
                reasonCode: "3.10",
                message: "EID",
              },
            },
          },
        }),
      ),
    );

    expect(expectKind(result, "rejected").statusCodeData?.reasonCode).toBe(
      "3.10",
    );
  });

  it("Failed without statusCodeData is rejected", () => {
    const result = classifyEs2Response(
      "confirmOrder",
      response(
        json({ header: { functionExecutionStatus: { status: "Failed" } } }),
      ),
    );

    expect(result).toEqual({
      kind: "rejected",
      executionStatus: "Failed",
      statusCodeData: null,
      httpStatus: 200,
    });
  });

  it("Failed on HTTP 400 is still rejected", () => {
    const result = classifyEs2Response(
      "confirmOrder",
      response(
        json({
          header: {
            functionExecutionStatus: {
              status: "Failed",
              statusCodeData: { subjectCode: "1.6", reasonCode: "2.1" },
            },
          },
        }),
        { httpStatus: 400 },
      ),
    );

    expect(result).toMatchObject({ kind: "rejected", httpStatus: 400 });
  });

  it("success on HTTP 500 is a protocol error", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response(json({ header: SUCCESS_HEADER }), { httpStatus: 500 }),
    );

    expect(result.kind).toBe("protocol-error");
  });

  it("empty body is a protocol error", () => {
    const result = classifyEs2Response("cancelOrder", response(""));

    expect(expectKind(result, "protocol-error").problem).toBe(
      "empty body on HTTP 200",
    );
  });

  it("HTML on 500 is named", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response("<html><body>Oops</body></html>", {
        httpStatus: 500,
        contentType: "text/html",
      }),
    );

    expect(expectKind(result, "protocol-error").problem).toBe(
      "HTML body on HTTP 500 (text/html)",
    );
  });

  it("plain text is not JSON", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response("OK", { contentType: "text/plain" }),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(/not JSON/);
  });

  it("JSON array is a protocol error", () => {
    const result = classifyEs2Response("cancelOrder", response("[]"));

    expect(expectKind(result, "protocol-error").problem).toMatch(
      /not an object/,
    );
  });

  it("JSON without header is named", () => {
    const result = classifyEs2Response(
      "downloadOrder",
      response(json({ iccid: "8988211000000530082" })),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(
      /without header/,
    );
  });

  it("unknown status is a protocol error", () => {
    const result = classifyEs2Response(
      "cancelOrder",
      response(json({ header: { functionExecutionStatus: { status: "OK" } } })),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(
      /functionExecutionStatus/,
    );
  });

  it("missing iccid is a protocol error", () => {
    const result = classifyEs2Response(
      "downloadOrder",
      response(json({ header: SUCCESS_HEADER })),
    );

    expect(expectKind(result, "protocol-error").problem).toBe(
      "missing or invalid iccid in a downloadOrder response",
    );
  });

  it("invalid iccid is a protocol error", () => {
    const result = classifyEs2Response(
      "downloadOrder",
      response(json({ header: SUCCESS_HEADER, iccid: "12345" })),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(
      /invalid iccid/,
    );
  });

  it("missing matchingId is a protocol error", () => {
    const result = classifyEs2Response(
      "confirmOrder",
      response(json({ header: SUCCESS_HEADER })),
    );

    expect(expectKind(result, "protocol-error").problem).toMatch(/matchingId/);
  });

  it("empty matchingId is a success", () => {
    const result = classifyEs2Response(
      "confirmOrder",
      response(
        json({ header: SUCCESS_HEADER, matchingId: "", smdpAddress: "" }),
      ),
    );

    expect(expectKind(result, "success").data).toEqual({ matchingId: "" });
  });
});

describe("excerptBody", () => {
  it("strips control characters", () => {
    expect(excerptBody("a\u0000b\r\nc\u001b[31m")).toBe("a b c [31m");
  });

  it("cuts at 200 characters", () => {
    expect(excerptBody("x".repeat(500))).toHaveLength(200);
  });
});

describe("describeConnectionError", () => {
  it("names refused connections", () => {
    const cause = describeConnectionError(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
        code: "ECONNREFUSED",
      }),
    );

    expect(cause).toBe("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9");
  });

  it("names TLS alerts as handshake failures", () => {
    const cause = describeConnectionError(
      Object.assign(new Error("tlsv1 alert unknown ca"), {
        code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
      }),
    );

    expect(cause).toMatch(
      /^TLS handshake failure: ERR_SSL_TLSV1_ALERT_UNKNOWN_CA/,
    );
  });

  it("names certificate errors as handshake failures", () => {
    const cause = describeConnectionError(
      Object.assign(new Error("self-signed certificate"), {
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
      }),
    );

    expect(cause).toMatch(/^TLS handshake failure/);
  });
});
