/** The responses faults serve in place of, or on top of, the real one. */
import { jsonResponse, statusResponse, type EmulatorResponse } from "./http";
import type { Fault } from "./faults";

/** The HTML error page a reverse proxy shows when the upstream fails. */
export const PROXY_ERROR_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function withRetryAfter(response: EmulatorResponse, fault: Fault): EmulatorResponse {
  if (fault.retryAfter === undefined) return response;
  return { ...response, headers: { ...response.headers, "retry-after": String(fault.retryAfter) } };
}

/** What a `respond` fault sends: its status (default 500) and body (default Nodion's status shape). */
export function scriptedResponse(fault: Fault): EmulatorResponse {
  const status = fault.status ?? 500;
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
