import assert from "node:assert/strict";
import {
  AuthenticationError,
  createRedactor,
  DEFAULT_RETRY_POLICY,
  errorFromResponse,
  errorFromTransport,
  MalformedResponseError,
  NetworkError,
  NodionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  type ErrorEnvironment,
  type FailedRequest,
  type ResponseFacts,
} from "../../../client";
import { API_KEY, GIT_APP } from "./fixtures";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const env: ErrorEnvironment = {
  retryStatuses: DEFAULT_RETRY_POLICY.retryStatuses,
  nowMs: NOW,
  redact: createRedactor([API_KEY]),
  origin: "https://api.nodion.com",
};
const get: FailedRequest = {
  operation: "list deployments",
  method: "GET",
  path: `/v1/applications/${GIT_APP.id}/deployments`,
  applicationId: GIT_APP.id,
  idempotent: true,
};
const post: FailedRequest = {
  ...get,
  operation: "trigger deployment",
  method: "POST",
  idempotent: false,
};

function response(
  status: number,
  body: unknown = {},
  headers: Record<string, string> = {},
): ResponseFacts {
  return {
    status,
    statusText: "",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

describe("errorFromResponse", () => {
  const classes: [number, new (...args: never[]) => NodionError, string][] = [
    [400, ValidationError, "validation"],
    [401, AuthenticationError, "authentication"],
    [403, PermissionError, "permission"],
    [404, NotFoundError, "not_found"],
    [408, TimeoutError, "timeout"],
    [409, ValidationError, "validation"],
    [422, ValidationError, "validation"],
    [429, RateLimitError, "rate_limit"],
    [500, ServerError, "server"],
    [502, ServerError, "server"],
    [503, ServerError, "server"],
    [504, ServerError, "server"],
    [302, MalformedResponseError, "malformed_response"],
  ];
  for (const [status, errorClass, kind] of classes) {
    it(`builds ${errorClass.name} for HTTP ${status}`, () => {
      const error = errorFromResponse(get, response(status), env);
      assert.ok(error instanceof errorClass);
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.equal(error.name, errorClass.name);
    });
  }

  it("writes one actionable line naming operation, application, status, API text and route", () => {
    const body = { errors: ['missing scope "write"'] };
    const error = errorFromResponse(post, { ...response(403, body), statusText: "Forbidden" }, env);
    assert.equal(
      error.message,
      `Nodion API: trigger deployment for application ${GIT_APP.id}: 403 Forbidden: missing scope "write" ` +
        `(POST /v1/applications/${GIT_APP.id}/deployments). Check that the API key has the scope this ` +
        "operation needs and may access the selected project (X-Nodion-Project).",
    );
    assert.equal(error.apiMessage, 'missing scope "write"');
    assert.equal(error.operation, "trigger deployment");
    assert.equal(error.method, "POST");
    assert.equal(error.applicationId, GIT_APP.id);
    assert.ok(!error.message.includes("\n"));
  });

  it("extracts the API text from errors arrays, error strings and message fields", () => {
    const text = (body: unknown): string | undefined =>
      errorFromResponse(get, response(400, body), env).apiMessage;
    assert.equal(
      text({ errors: ["Name can't be blank", "Region is invalid"] }),
      "Name can't be blank; Region is invalid",
    );
    assert.equal(text({ errors: { image_tag: ["is invalid"] } }), "image_tag is invalid");
    assert.equal(text({ error: "Bad image", status: 400 }), "Bad image");
    assert.equal(text({ message: "Something off" }), "Something off");
    assert.equal(text({ unrelated: true }), undefined);
  });

  it("does not repeat an error text that only restates the status", () => {
    const error = errorFromResponse(get, response(404, { error: "Not Found", status: 404 }), env);
    assert.match(error.message, /: 404 Not Found \(GET /);
  });

  it("says an HTML page arrived without including the HTML", () => {
    const html = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
    const error = errorFromResponse(get, response(502, html, { "content-type": "text/html" }), env);
    assert.ok(error instanceof ServerError);
    assert.match(error.message, /received an HTML page instead of JSON \(a proxy error\?\)/);
    assert.ok(!error.message.includes("<"));
    assert.equal(error.apiMessage, undefined);
  });

  it("builds a MalformedResponseError for a 2xx with an unusable body", () => {
    const error = errorFromResponse(get, response(200, "<html/>"), env, "received an HTML page");
    assert.ok(MalformedResponseError.isInstance(error));
    assert.match(error.message, /200 OK but received an HTML page/);
    assert.equal(error.retryable, false);
  });

  it("reads Retry-After in seconds and as an HTTP date", () => {
    assert.equal(
      errorFromResponse(get, response(429, {}, { "retry-after": "3" }), env).retryAfterMs,
      3000,
    );
    const dated = errorFromResponse(
      get,
      response(503, {}, { "retry-after": "Sat, 01 Mar 2025 12:01:00 GMT" }),
      env,
    );
    assert.equal(dated.retryAfterMs, 60_000);
    assert.match(dated.message, /retry after 60 s/);
  });
});

describe("retryability", () => {
  it("retries reads on 408, 429 and 5xx but never on 400, 401, 403 or 404", () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      assert.equal(errorFromResponse(get, response(status), env).retryable, true, String(status));
    }
    for (const status of [400, 401, 403, 404, 409, 422, 501]) {
      assert.equal(errorFromResponse(get, response(status), env).retryable, false, String(status));
    }
  });

  it("never retries 400, 401, 403 or 404 even when the policy lists them", () => {
    const eager = { ...env, retryStatuses: [400, 401, 403, 404] };
    for (const status of [400, 401, 403, 404]) {
      assert.equal(
        errorFromResponse(get, response(status), eager).retryable,
        false,
        String(status),
      );
    }
  });

  it("retries the trigger POST only on 429", () => {
    const limited = errorFromResponse(post, response(429), env);
    assert.equal(limited.retryable, true);
    assert.equal(limited.outcomeUnknown, false);
  });

  it("marks trigger POST 408, 500, 502, 503 and 504 as of unknown outcome, not retryable", () => {
    for (const status of [408, 500, 502, 503, 504]) {
      const error = errorFromResponse(post, response(status), env);
      assert.equal(error.retryable, false, String(status));
      assert.equal(error.outcomeUnknown, true, String(status));
      assert.match(error.message, /may have been carried out/);
    }
  });

  it("marks a trigger POST with a malformed 2xx body as of unknown outcome", () => {
    const error = errorFromResponse(post, response(200, "oops"), env, "received non-JSON text");
    assert.equal(error.outcomeUnknown, true);
    assert.equal(error.retryable, false);
  });

  it("treats refused connections and DNS failures as retryable even for the POST", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      const error = errorFromTransport(post, { code }, env);
      assert.ok(NetworkError.isInstance(error));
      assert.equal(error.retryable, true, code);
      assert.equal(error.outcomeUnknown, false, code);
      assert.ok(error.message.includes(code));
    }
  });

  it("treats resets and timeouts as retryable reads but unknown-outcome POSTs", () => {
    const reset = { code: "ECONNRESET" };
    assert.equal(errorFromTransport(get, reset, env).retryable, true);
    assert.equal(errorFromTransport(post, reset, env).retryable, false);
    assert.equal(errorFromTransport(post, reset, env).outcomeUnknown, true);
    const timeout = errorFromTransport(post, { timedOutAfterMs: 200 }, env);
    assert.ok(TimeoutError.isInstance(timeout));
    assert.equal(timeout.outcomeUnknown, true);
    assert.match(timeout.message, /no response within 200 ms/);
    assert.equal(errorFromTransport(get, { timedOutAfterMs: 200 }, env).retryable, true);
  });

  it("does not retry TLS or unknown transport failures", () => {
    const error = errorFromTransport(get, { code: "CERT_HAS_EXPIRED" }, env);
    assert.equal(error.retryable, false);
    assert.equal(error.outcomeUnknown, false);
  });

  it("flags an unexplained transport failure of the POST as of unknown outcome", () => {
    const error = errorFromTransport(post, { code: "Z_DATA_ERROR" }, env);
    assert.equal(error.retryable, false);
    assert.equal(error.outcomeUnknown, true);
  });
});

describe("NodionError.isInstance", () => {
  it("recognises errors by brand rather than prototype, as a second module copy needs", () => {
    const error = errorFromResponse(get, response(404), env);
    const fromOtherCopy = Object.assign(Object.create(Error.prototype) as object, {
      [Symbol.for("pulumi-nodion/NodionError")]: true,
      kind: "not_found",
    });
    assert.equal(NodionError.isInstance(error), true);
    assert.equal(NodionError.isInstance(fromOtherCopy), true);
    assert.equal(NotFoundError.isInstance(fromOtherCopy), true);
  });

  it("tells the kinds apart and rejects other values", () => {
    const error = errorFromResponse(get, response(404), env);
    assert.equal(NotFoundError.isInstance(error), true);
    assert.equal(ServerError.isInstance(error), false);
    assert.equal(NodionError.isInstance(new Error("x")), false);
    assert.equal(NodionError.isInstance(undefined), false);
    assert.equal(NodionError.isInstance("NodionError"), false);
  });
});

describe("error redaction", () => {
  it("redacts the key and Bearer tokens from API text and paths", () => {
    const echoed = { errors: [`token ${API_KEY} rejected; header was "Bearer ${API_KEY}"`] };
    const leakyRequest = {
      ...get,
      path: `/v1/applications/${API_KEY}/deployments`,
      applicationId: API_KEY,
    };
    const error = errorFromResponse(leakyRequest, response(401, echoed), env);
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${error.apiMessage} ${error.path}`;
    assert.ok(!everything.includes(API_KEY));
    assert.match(error.apiMessage ?? "", /\[REDACTED\]/);
  });
});
