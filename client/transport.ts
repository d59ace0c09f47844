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
 * Proxies from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`, lower-case too):
 *
 * - plain-http targets (a local emulator, a test API on a private network) bypass any proxy.
 *   axios would hand such a request to the proxy whole, `Authorization` header included, in
 *   clear. Bypassing rather than refusing because these targets are local by design and a
 *   machine-wide `HTTP_PROXY` (common in CI) must not break them or leak the key.
 * - https targets use the proxy the environment names. axios (pinned at 1.21.1, which has
 *   CONNECT tunnelling) opens a `CONNECT host:port` tunnel and runs TLS end to end through it,
 *   so the proxy sees only the host and port, never the key; `proxy.test.ts` guards this, since
 *   older axios versions forwarded the request in clear instead. Keeping it lets users behind
 *   a corporate proxy reach the API.
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
    // Node's http/https (proxy support, streamed bodies), never the fetch adapter.
    adapter: "http",
    // Every status is a response for the caller to classify; errors are only "no response".
    validateStatus: () => true,
    // A stream, read by readCapped with a size limit; the raw text then lets the error factory
    // tell JSON from an HTML proxy page.
    responseType: "stream",
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
      const response = await instance.request<Readable>({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        // Plain http never goes through a proxy: see above.
        ...(new URL(request.url).protocol === "http:" && { proxy: false as const }),
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
