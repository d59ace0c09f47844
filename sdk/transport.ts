/**
 * The only file that touches axios. It sends one request with a hard timeout and returns either
 * the raw response or a {@link TransportFailure}; axios errors never leave this file, because they
 * carry the request headers (including `Authorization`).
 *
 * @packageDocumentation
 */
import type { AxiosInstance, AxiosStatic } from "axios";
import type { ResponseFacts, TransportFailure } from "./error-factory";

/** One HTTP request. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** Absolute URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON-serialisable body, if any. */
  readonly body?: unknown;
  /** Abort the request if no complete response arrived within this many milliseconds. */
  readonly timeoutMs: number;
}

/** The result of sending a request: a response of any status, or no response at all. */
export type HttpOutcome =
  | { readonly ok: true; readonly response: ResponseFacts }
  | { readonly ok: false; readonly failure: TransportFailure };

/** Sends one request. Never rejects. */
export type Transport = (request: HttpRequest) => Promise<HttpOutcome>;

function errorCode(error: unknown): string | undefined {
  // axios copies the Node error code; some failures only have it on `cause`.
  for (let current: unknown = error, depth = 0; depth < 3; depth++) {
    if (typeof current !== "object" || current === null) return undefined;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string" && code.length > 0) return code;
    current = cause;
  }
  return undefined;
}

function plainHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof headers !== "object" || headers === null) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") result[name.toLowerCase()] = value;
    else if (Array.isArray(value)) result[name.toLowerCase()] = value.join(", ");
    else if (typeof value === "number") result[name.toLowerCase()] = String(value);
  }
  return result;
}

/** Creates a {@link Transport} backed by its own axios instance (no shared defaults, no secrets). */
export function createAxiosTransport(): Transport {
  // Loaded here, not at the top: a Pulumi program loads this package only to declare resources and
  // never sends a request, so it need not pay for loading axios (~60 ms); the provider does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const axios = require("axios") as AxiosStatic;
  const instance: AxiosInstance = axios.create({
    // Every status is a response for the caller to classify; errors are only "no response".
    validateStatus: () => true,
    // Raw text, so the error factory can tell JSON from an HTML proxy page.
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    // A redirect would re-send the Authorization header somewhere we did not choose.
    maxRedirects: 0,
  });

  return async (request) => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await instance.request<string>({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      return {
        ok: true,
        response: {
          status: response.status,
          statusText: typeof response.statusText === "string" ? response.statusText : "",
          headers: plainHeaders(response.headers),
          body: typeof response.data === "string" ? response.data : "",
        },
      };
    } catch (error) {
      // Keep only the code: the error object itself holds the Authorization header.
      const failure: TransportFailure = timedOut
        ? { timedOutAfterMs: request.timeoutMs }
        : { code: errorCode(error) ?? "EUNKNOWN" };
      return { ok: false, failure };
    } finally {
      clearTimeout(timer);
    }
  };
}
