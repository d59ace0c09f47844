/**
 * The only file that touches axios. It sends one request with a hard timeout and returns either
 * the raw response or a {@link TransportFailure}; axios errors never leave this file, because they
 * carry the request headers (including `Authorization`).
 *
 * @packageDocumentation
 */
import type { Readable } from "node:stream";
import type { AxiosInstance, AxiosStatic } from "axios";
import { readCapped } from "./body-limit";
import type { ResponseFacts, TransportFailure } from "./error-factory";

/** The largest response body read unless configured: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** How an axios transport behaves. */
export interface AxiosTransportOptions {
  /** Responses with a larger body (after decompression) fail. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  readonly maxResponseBytes?: number;
}

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

/**
 * Creates a {@link Transport} backed by its own axios instance (no shared defaults, no secrets).
 *
 * Proxies from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, lower-case too) are ignored on
 * purpose. For a plain-http target (a local emulator) axios would hand the whole request,
 * `Authorization` header included, to the proxy in clear. For an https target axios does not
 * open a `CONNECT` tunnel either: it sends the request to the proxy as an absolute-URL request,
 * so an `http://` proxy again receives the key in clear, and an `https://` proxy still sees it.
 * Neither is acceptable for an API key, and doing it right needs a tunnelling agent this package
 * does not ship, so requests always go straight to the API.
 *
 * The response body is read with a size limit ({@link AxiosTransportOptions.maxResponseBytes})
 * and within the request timeout, which covers the whole body, not just the headers.
 */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Loaded here, not at the top: a Pulumi program loads this package only to declare resources and
  // never sends a request, so it need not pay for loading axios (~60 ms); the provider does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const axios = require("axios") as AxiosStatic;
  const instance: AxiosInstance = axios.create({
    // Every status is a response for the caller to classify; errors are only "no response".
    validateStatus: () => true,
    // A stream, read by readCapped with a size limit; the raw text then lets the error factory
    // tell JSON from an HTML proxy page.
    responseType: "stream",
    transformResponse: [(data: unknown) => data],
    // A redirect would re-send the Authorization header somewhere we did not choose.
    maxRedirects: 0,
    // Never through a proxy: see above.
    proxy: false,
  });

  return async (request) => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await instance.request<Readable>({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      const headers = plainHeaders(response.headers);
      const body = await readCapped(
        response.data,
        maxResponseBytes,
        controller.signal,
        headers["content-length"],
      );
      if (!body.ok) {
        const failure: TransportFailure =
          body.reason === "too_large"
            ? { responseTooLargeLimitBytes: maxResponseBytes }
            : { timedOutAfterMs: request.timeoutMs };
        return { ok: false, failure };
      }
      return {
        ok: true,
        response: {
          status: response.status,
          statusText: typeof response.statusText === "string" ? response.statusText : "",
          headers,
          body: body.text,
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
