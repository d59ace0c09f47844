/**
 * One attempt at one API call: builds the URL and headers, sends through the {@link Transport},
 * and either returns the parsed body or throws a {@link NodionError} from the factory.
 * The API key lives only in the closure this file returns.
 *
 * @packageDocumentation
 */
import type { Clock } from "./clock";
import { errorFromResponse, errorFromTransport, type ErrorEnvironment } from "./error-factory";
import { createRedactor } from "./redact";
import { describeNonJson, readBody } from "./response-body";
import type { RetryPolicy } from "./retry";
import type { Transport } from "./transport";
import { WireFormatError } from "./wire";

/** One API call, independent of where the API lives. */
export interface Endpoint {
  /** What the caller is doing, for error messages, e.g. `list deployments`. */
  readonly operation: string;
  readonly method: "GET" | "POST";
  /** Path below the base URL, starting with `/`, with IDs already URL-encoded. */
  readonly path: string;
  /** Query string without `?`, already encoded; kept out of error messages. */
  readonly query?: string;
  /** The application the call is about, for error messages. */
  readonly applicationId?: string;
  /** JSON body for POST. */
  readonly body?: unknown;
}

/** Everything needed to send requests; the API key is captured by the returned closure only. */
export interface RequesterConfig {
  readonly apiKey: string;
  /** Base URL without a trailing slash, e.g. `https://api.nodion.com/v1`. */
  readonly baseUrl: string;
  readonly projectId?: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly transport: Transport;
}

/**
 * Sends `endpoint` once and parses a 2xx JSON body with `parse`. Throws a {@link NodionError} for
 * anything else. Never retries; the per-request timeout is also capped by `deadlineAt`.
 */
export type SendOnce = <T>(
  endpoint: Endpoint,
  parse: (body: unknown) => T,
  deadlineAt: number,
) => Promise<T>;

/** Creates the {@link SendOnce} function for one client. */
export function createSendOnce(config: RequesterConfig): SendOnce {
  const redact = createRedactor([config.apiKey]);
  const origin = new URL(config.baseUrl).origin;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${config.apiKey}`,
    Accept: "application/json",
    "Content-Type": "application/json",
    "User-Agent": config.userAgent,
    ...(config.projectId !== undefined && { "X-Nodion-Project": config.projectId }),
  };

  return async <T>(endpoint: Endpoint, parse: (body: unknown) => T, deadlineAt: number) => {
    const query = endpoint.query ? `?${endpoint.query}` : "";
    const url = `${config.baseUrl}${endpoint.path}${query}`;
    const request = {
      operation: endpoint.operation,
      method: endpoint.method,
      path: new URL(url).pathname,
      ...(endpoint.applicationId !== undefined && { applicationId: endpoint.applicationId }),
      // Each POST creates a deployment; everything else this client sends is a read.
      idempotent: endpoint.method === "GET",
    };
    const remaining = deadlineAt - config.clock.now();
    const timeoutMs = Math.min(config.timeoutMs, Math.max(remaining, 1));
    const outcome = await config.transport({
      method: endpoint.method,
      url,
      headers,
      ...(endpoint.body !== undefined && { body: endpoint.body }),
      timeoutMs,
    });
    const env: ErrorEnvironment = {
      retryStatuses: config.policy.retryStatuses,
      nowMs: config.clock.now(),
      redact,
      origin,
    };
    if (!outcome.ok) throw errorFromTransport(request, outcome.failure, env);

    const { response } = outcome;
    if (response.status < 200 || response.status >= 300) {
      throw errorFromResponse(request, response, env);
    }
    const reading = readBody(response.body, response.headers["content-type"]);
    if (reading.kind !== "json") {
      throw errorFromResponse(request, response, env, describeNonJson(reading));
    }
    try {
      return parse(reading.value);
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      const problem = `the body does not have the documented shape: ${error.message}`;
      throw errorFromResponse(request, response, env, problem);
    }
  };
}
