/** The responses faults serve in place of, or on top of, the real one. */
import type { IncomingHttpHeaders } from "node:http";
import { bearerToken } from "./auth";
import { jsonResponse, statusResponse, type EmulatorResponse } from "./http";
import { ECHO_AROUND, type Fault } from "./faults";

/** The HTML error page a reverse proxy shows when the upstream fails. */
export const PROXY_ERROR_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function withRetryAfter(response: EmulatorResponse, fault: Fault): EmulatorResponse {
  if (fault.retryAfter === undefined) return response;
  return { ...response, headers: { ...response.headers, "retry-after": String(fault.retryAfter) } };
}

/**
 * What a `respond` fault sends: its status (default 500) and body (default Nodion's status shape).
 * `act_late` uses it too, with 504 as its default, when it answers before it acts.
 */
export function scriptedResponse(fault: Fault, defaultStatus = 500): EmulatorResponse {
  const status = fault.status ?? defaultStatus;
  let response: EmulatorResponse;
  if (fault.body === undefined) response = statusResponse(status);
  else if (typeof fault.body !== "string") response = jsonResponse(status, fault.body);
  else
    response = { status, headers: { "content-type": contentTypeOf(fault.body) }, body: fault.body };
  return withRetryAfter(response, fault);
}

function contentTypeOf(text: string): string {
  try {
    JSON.parse(text);
    return "application/json; charset=utf-8";
  } catch {
    return "text/plain; charset=utf-8";
  }
}

/** What an `html` fault sends: a 502 proxy page. */
export function proxyErrorResponse(fault: Fault): EmulatorResponse {
  return withRetryAfter(
    {
      status: 502,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: PROXY_ERROR_PAGE,
    },
    fault,
  );
}

/** The real response with its body cut in half, so it no longer parses as JSON. */
export function truncatedResponse(real: EmulatorResponse, fault: Fault): EmulatorResponse {
  const cut = Math.max(1, Math.floor(real.body.length / 2));
  return withRetryAfter({ ...real, body: real.body.slice(0, cut) }, fault);
}

// Short, so that even an early offset can be centred on.
const ECHO_INTRO = "Rejected;";

function firstHeader(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(", ") : value) ?? "";
}

/**
 * The message of an `echo_headers` fault: filler text with the credentials placed so that each
 * echo is centred on one of `offsets` (a 200- or 500-character cut lands inside it). Echoes
 * alternate between the raw `Authorization` value and the bearer key percent-encoded; the other
 * headers follow. Echoes never overlap: one that cannot be centred starts after the previous one.
 */
export function credentialEchoMessage(
  headers: IncomingHttpHeaders,
  offsets: readonly number[] = ECHO_AROUND,
): string {
  const authorization = firstHeader(headers, "authorization");
  const key = bearerToken(headers) ?? authorization;
  const echoes = [
    { label: " authorization=", secret: authorization },
    { label: " api_key=", secret: encodeURIComponent(key) },
  ];
  let message = ECHO_INTRO;
  offsets.forEach((offset, i) => {
    const { label, secret } = echoes[i % echoes.length];
    const start = Math.max(offset - Math.floor(secret.length / 2), message.length + label.length);
    // Dots pad the message so that the secret starts exactly at `start`.
    message += ".".repeat(start - label.length - message.length) + label + secret;
  });
  const others = Object.keys(headers)
    .filter((name) => name !== "authorization")
    .map((name) => `${name}=${firstHeader(headers, name)}`);
  return `${message} ${others.join(" ")} (request headers echoed for debugging)`;
}

/**
 * What an `echo_headers` fault sends: `status` (default 400) with the echo message, as
 * `{"errors":[message]}` below 500 and `{"status":N,"error":message}` from 500 on (the two error
 * shapes this API uses).
 */
export function credentialEchoResponse(
  fault: Fault,
  headers: IncomingHttpHeaders,
): EmulatorResponse {
  const status = fault.status ?? 400;
  const message = credentialEchoMessage(headers, fault.echoAround);
  const body = status >= 500 ? { status, error: message } : { errors: [message] };
  return withRetryAfter(jsonResponse(status, body), fault);
}

/** The headers of a streamed fault body (`oversized_body`, `endless_body`); JSON, no length. */
export function streamedHead(fault: Fault): Omit<EmulatorResponse, "body"> {
  const status = fault.status ?? 200;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  return { status, headers };
}
