/**
 * The one place that turns a failed request into a {@link NodionError}: it picks the subclass,
 * decides retryability, and writes the single redacted line the user reads.
 *
 * Retryability depends on whether the request was idempotent. A read can be repeated after any
 * transient failure. The deployment trigger cannot: each POST creates a deployment, so it is
 * `retryable` only when the server certainly did not act (429, or no connection was made), and a
 * failure after the request may have been acted on is flagged `outcomeUnknown` instead.
 *
 * Redaction comes before every shortening, and once more on the final line: a server may echo the
 * key anywhere, and a cut made before redaction can leave a part of the key that is no longer
 * recognisable as the key.
 *
 * @packageDocumentation
 */
import { STATUS_CODES } from "node:http";
import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  ValidationError,
  type NodionError,
  type NodionErrorInit,
  type NodionErrorKind,
  type RequestContext,
} from "./errors";
import type { Redactor } from "./redact";
import { describeNonJson, extractApiMessage, oneLine, readBody } from "./response-body";
import { parseRetryAfter } from "./retry";

/** A request that failed, and whether repeating it is harmless. */
export interface FailedRequest extends RequestContext {
  /** `false` for requests that create something each time they are sent (the trigger POST). */
  readonly idempotent: boolean;
}

/** The facts of an HTTP response, with header names in lower case. */
export interface ResponseFacts {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Why no response arrived. */
export interface TransportFailure {
  /** Node/axios error code such as `ECONNREFUSED`, when there is one. */
  readonly code?: string;
  /** Set when our own per-request timeout fired; the value is that timeout. */
  readonly timedOutAfterMs?: number;
  /** Set when the response body was larger than this limit (bytes) and was not read to the end. */
  readonly responseTooLargeLimitBytes?: number;
}

/** What the factory needs besides the failure itself. */
export interface ErrorEnvironment {
  /** Statuses the retry policy treats as transient. */
  readonly retryStatuses: readonly number[];
  /** Current time, to resolve `Retry-After` HTTP dates. */
  readonly nowMs: number;
  /** Removes credentials from any text (optionally keeping only its head; see {@link Redactor}). */
  readonly redact: Redactor;
  /** Origin of the API, e.g. `https://api.nodion.com`, for network hints. */
  readonly origin: string;
}

// Statuses that mean "this request is wrong"; repeating it cannot help whatever the policy says.
const NEVER_RETRY = new Set([400, 401, 403, 404]);
// Connection-level failures that happen before a single byte of the request was sent.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
// Failures after the request may have reached the server.
const MAYBE_SENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ERR_CANCELED",
]);

const HINTS: Record<NodionErrorKind, string> = {
  authentication: "Check that the API key is correct, active and not expired.",
  permission:
    "Check that the API key has the scope this operation needs and may access the selected project (X-Nodion-Project).",
  not_found: "Check the application ID and that it belongs to the selected project.",
  validation: "Fix the request as the API describes.",
  rate_limit: "The API is rate limiting this key; wait and try again.",
  server: "The failure is on Nodion's side; try again later.",
  network: "Check network access to the Nodion API and the configured base URL.",
  timeout: "The API did not answer in time; try again later or raise the timeout.",
  malformed_response:
    "Check that the base URL points at the Nodion API (e.g. https://api.nodion.com/v1).",
  response_too_large:
    "Check that the base URL points at the Nodion API; raise maxResponseBytes only if such a large response is expected.",
};

const UNKNOWN_OUTCOME_HINT =
  "The request may have been carried out; check the application's deployments before repeating it.";

const CONSTRUCTORS: Record<NodionErrorKind, new (init: NodionErrorInit) => NodionError> = {
  authentication: AuthenticationError,
  permission: PermissionError,
  not_found: NotFoundError,
  validation: ValidationError,
  rate_limit: RateLimitError,
  server: ServerError,
  network: NetworkError,
  timeout: TimeoutError,
  malformed_response: MalformedResponseError,
  response_too_large: ResponseTooLargeError,
};

interface Verdict {
  readonly kind: NodionErrorKind;
  readonly detail: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly apiMessage?: string;
  readonly limitBytes?: number;
}

const MAX_MESSAGE = 1000;

function build(request: FailedRequest, verdict: Verdict, env: ErrorEnvironment): NodionError {
  const { redact } = env;
  const subject = request.applicationId
    ? `${request.operation} for application ${request.applicationId}`
    : request.operation;
  const hint = verdict.outcomeUnknown ? UNKNOWN_OUTCOME_HINT : HINTS[verdict.kind];
  const text = `Nodion API: ${subject}: ${verdict.detail} (${request.method} ${request.path}). ${hint}`;
  // Redact, shorten, and redact the final line again (whitespace folding can join pieces).
  const message = redact(oneLine(redact(text, MAX_MESSAGE * 2), MAX_MESSAGE));
  return new CONSTRUCTORS[verdict.kind]({
    message,
    operation: redact(request.operation),
    method: request.method,
    path: redact(request.path),
    ...(request.applicationId !== undefined && { applicationId: redact(request.applicationId) }),
    ...(verdict.status !== undefined && { status: verdict.status }),
    retryable: verdict.retryable,
    outcomeUnknown: verdict.outcomeUnknown,
    ...(verdict.retryAfterMs !== undefined && { retryAfterMs: verdict.retryAfterMs }),
    ...(verdict.apiMessage !== undefined && { apiMessage: redact(verdict.apiMessage) }),
    ...(verdict.limitBytes !== undefined && { limitBytes: verdict.limitBytes }),
  });
}

function kindForStatus(status: number): NodionErrorKind {
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  if (status >= 400) return "validation";
  return "malformed_response";
}

/**
 * Builds the error for a response that cannot be used: an error status, or a 2xx whose body is
 * not the documented shape (pass `bodyProblem`).
 *
 * @param request - what was sent.
 * @param response - what came back.
 * @param env - retry statuses, the time, and the redactor.
 * @param bodyProblem - for a 2xx response, why its JSON body is unusable. For a body that is not
 *   JSON the description is rebuilt here from the redacted body, because one made earlier may
 *   hold a shortened, unredacted snippet of it.
 */
export function errorFromResponse(
  request: FailedRequest,
  response: ResponseFacts,
  env: ErrorEnvironment,
  bodyProblem?: string,
): NodionError {
  const { status } = response;
  const statusLine = `${status} ${response.statusText || STATUS_CODES[status] || ""}`.trim();
  const retryAfterMs = parseRetryAfter(response.headers["retry-after"], env.nowMs);
  const common = { status, ...(retryAfterMs !== undefined && { retryAfterMs }) };

  if (status >= 200 && status < 300) {
    // The server accepted the request, so a non-idempotent one has probably been carried out.
    const redacted = readBody(response.body, response.headers["content-type"], env.redact);
    const problem =
      redacted.kind === "json"
        ? (bodyProblem ?? "the body could not be used")
        : describeNonJson(redacted);
    // A body labelled JSON that is neither JSON nor HTML was cut short on the way (a dropped
    // connection, a proxy), so reading again is worth it. Any other unusable body (an HTML page,
    // JSON of the wrong shape) points at the wrong server and repeating the request cannot help.
    const labelledJson = /json/i.test(response.headers["content-type"] ?? "");
    const kind = readBody(response.body, undefined).kind;
    const truncated = labelledJson && (kind === "text" || kind === "empty");
    return build(
      request,
      {
        ...common,
        kind: "malformed_response",
        detail: `${statusLine} but ${problem}`,
        retryable: truncated && request.idempotent,
        outcomeUnknown: !request.idempotent,
      },
      env,
    );
  }

  const kind = kindForStatus(status);
  const reading = readBody(response.body, response.headers["content-type"], env.redact);
  const apiMessage =
    reading.kind === "json" ? extractApiMessage(reading.value, env.redact) : undefined;
  let explanation = reading.kind === "json" ? apiMessage : describeNonJson(reading);
  if (explanation?.toLowerCase() === (STATUS_CODES[status] ?? "").toLowerCase()) {
    explanation = undefined; // {"error":"Not Found"} on a 404 adds nothing to "404 Not Found".
  }
  if (kind === "malformed_response") {
    const location = response.headers["location"];
    explanation = `unexpected response${location ? ` redirecting to ${location}` : ""}; redirects are not followed`;
  }
  const transient = env.retryStatuses.includes(status) && !NEVER_RETRY.has(status);
  const wait =
    retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : "";
  return build(
    request,
    {
      ...common,
      kind,
      detail: `${statusLine}${explanation ? `: ${explanation}` : ""}${wait}`,
      // 429 means the server refused before acting, so even the trigger POST may be repeated.
      retryable: transient && (request.idempotent || status === 429),
      outcomeUnknown: transient && !request.idempotent && status !== 429,
      ...(apiMessage !== undefined && { apiMessage }),
    },
    env,
  );
}

/**
 * Builds the error for a request that got no HTTP response at all. The underlying library error is
 * deliberately not an input: it embeds the request headers, including `Authorization`.
 *
 * @param request - what was being sent.
 * @param failure - the error code and whether our timeout fired.
 * @param env - retry statuses, the time, and the redactor.
 */
export function errorFromTransport(
  request: FailedRequest,
  failure: TransportFailure,
  env: ErrorEnvironment,
): NodionError {
  const code = failure.code;
  const limitBytes = failure.responseTooLargeLimitBytes;
  if (limitBytes !== undefined) {
    return build(
      request,
      {
        kind: "response_too_large",
        detail: `the response body exceeded the limit of ${describeBytes(limitBytes)}`,
        // The same request would bring the same oversized answer.
        retryable: false,
        // A POST answered at all has probably been carried out.
        outcomeUnknown: !request.idempotent,
        limitBytes,
      },
      env,
    );
  }
  if (failure.timedOutAfterMs !== undefined) {
    return build(
      request,
      {
        kind: "timeout",
        detail: `no response within ${failure.timedOutAfterMs} ms`,
        retryable: request.idempotent,
        outcomeUnknown: !request.idempotent,
      },
      env,
    );
  }
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    const what =
      code === "ENOTFOUND" || code === "EAI_AGAIN" ? "could not resolve" : "could not connect to";
    return build(
      request,
      {
        kind: "network",
        detail: `${what} ${env.origin} (${code})`,
        retryable: true,
        outcomeUnknown: false,
      },
      env,
    );
  }
  if (code !== undefined && MAYBE_SENT_CODES.has(code)) {
    return build(
      request,
      {
        kind: "network",
        detail: `the connection to ${env.origin} broke before a response arrived (${code})`,
        retryable: request.idempotent,
        outcomeUnknown: !request.idempotent,
      },
      env,
    );
  }
  // TLS, proxy or local configuration problems: repeating the same request cannot fix them. A
  // non-idempotent request is still flagged, because the trigger only POSTs after a read over the
  // same connection settings succeeded, so an unexplained failure may well have come mid-request.
  return build(
    request,
    {
      kind: "network",
      detail: `the request to ${env.origin} failed (${code ?? "no error code"})`,
      retryable: false,
      outcomeUnknown: !request.idempotent,
    },
    env,
  );
}

function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
