/**
 * The HTTP server: routes `/v1` through faults, rate limiting and the API, `/_emulator` to the
 * control plane, and owns everything socket-level (delays, dropped connections).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { API_PREFIX, handleApiRequest, type ApiRequestOptions } from "./api-routes";
import { bearerToken } from "./auth";
import { toNodionTimestamp } from "./clock";
import { EmulatorControl } from "./control-client";
import { CONTROL_PREFIX, handleControlRequest } from "./control-routes";
import {
  credentialEchoResponse,
  proxyErrorResponse,
  scriptedResponse,
  streamedHead,
  truncatedResponse,
} from "./fault-responses";
import { streamOversizedBody, trickleEndlessBody } from "./fault-streams";
import { OVERSIZED_BODY_BYTES, type Fault } from "./faults";
import {
  errorsResponse,
  notFound,
  readBody,
  statusResponse,
  type EmulatorRequest,
  type EmulatorResponse,
} from "./http";
import { serveLateAction } from "./late-action";
import { formatLogLine } from "./request-log";
import { createRuntime, type EmulatorRuntime, type RuntimeOptions } from "./runtime";

/** Options of `startEmulator`; every one is optional. */
export interface EmulatorOptions extends RuntimeOptions {
  /** Port to listen on; default 0 (the OS picks a free one; read it from `port`/`url`). */
  readonly port?: number;
  /** Interface to bind; default `127.0.0.1`. The control plane has no auth: keep it local. */
  readonly host?: string;
}

/** A started emulator. */
export interface RunningEmulator {
  /** API base URL, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  /** Scheme, host and port, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly port: number;
  /** Typed client for the control plane. */
  readonly control: EmulatorControl;
  /** Stops listening, drops open connections and writes the state file one last time. */
  close(): Promise<void>;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, {
    ...response.headers,
    "content-length": Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

/** What the client got from an API request: the status (0: none) and, if streamed, the body size. */
interface Served {
  readonly status: number;
  readonly bytes?: number;
}

/** Rate limit, then authenticate and answer. */
function serveApi(
  runtime: EmulatorRuntime,
  req: EmulatorRequest,
  options?: ApiRequestOptions,
): EmulatorResponse {
  if (runtime.rateLimiter) {
    const decision = runtime.rateLimiter.take(runtime.bucketKey(bearerToken(req.headers)));
    if (!decision.allowed) {
      return statusResponse(429, { "retry-after": String(decision.retryAfterSeconds) });
    }
  }
  return handleApiRequest(runtime.store, req, options);
}

class RequestHandler {
  private readonly shutdown = new AbortController();

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly log: ((line: string) => void) | undefined,
  ) {}

  /** Aborts pending fault delays so `close` need not wait for them. */
  abortPending(): void {
    this.shutdown.abort();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const elapsed = (): number => Math.round(performance.now() - started);
    if (!isUnder(path, API_PREFIX)) {
      const response = isUnder(path, CONTROL_PREFIX)
        ? await this.answer(req, url, (request) => handleControlRequest(this.runtime, request))
        : notFound();
      send(res, response);
      this.log?.(formatLogLine({ method, path, status: response.status, ms: elapsed() }));
      return;
    }
    const at = toNodionTimestamp(this.runtime.clock.now());
    const fault = this.runtime.faults.take(method, path);
    const served = await this.serveWithFault(req, res, url, fault);
    const entry = {
      method,
      path,
      status: served.status,
      ms: elapsed(),
      at,
      ...(fault && { fault: fault.action }),
      ...(served.bytes !== undefined && { bytes: served.bytes }),
    };
    this.runtime.requestLog.record(entry);
    this.log?.(formatLogLine(entry));
  }

  /** Serves an API request under an optional fault; returns what the client saw. */
  private async serveWithFault(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fault: Fault | undefined,
  ): Promise<Served> {
    if (fault?.latencyMs) {
      try {
        await sleep(fault.latencyMs, undefined, { signal: this.shutdown.signal });
      } catch {
        req.socket.destroy(); // shutting down
        return { status: 0 };
      }
    }
    const action = fault?.action;
    if (fault && action === "drop_before") {
      req.socket.destroy();
      return { status: 0 };
    }
    if (fault && (action === "respond" || action === "html" || action === "echo_headers")) {
      let response = proxyErrorResponse(fault);
      if (action === "respond") response = scriptedResponse(fault);
      if (action === "echo_headers") response = credentialEchoResponse(fault, req.headers);
      send(res, response);
      return { status: response.status };
    }
    if (fault && (action === "oversized_body" || action === "endless_body"))
      return this.streamFaultBody(res, fault);
    if (fault && action === "act_late") return this.actLate(req, res, url, fault);
    const options = action === "stale_list" ? { listLagMs: fault?.lagMs } : undefined;
    const real = await this.answer(req, url, (request) => serveApi(this.runtime, request, options));
    if (fault && action === "drop_after") {
      req.socket.destroy();
      return { status: 0 };
    }
    const response = fault && action === "malformed_json" ? truncatedResponse(real, fault) : real;
    send(res, response);
    return { status: response.status };
  }

  /** `oversized_body` / `endless_body`: headers, then a body that is huge or never ends. */
  private async streamFaultBody(res: ServerResponse, fault: Fault): Promise<Served> {
    const head = streamedHead(fault);
    const signal = this.shutdown.signal;
    const bytes =
      fault.action === "oversized_body"
        ? await streamOversizedBody(
            res,
            head,
            fault.bodyBytes ?? OVERSIZED_BODY_BYTES,
            fault.chunked ?? false,
            signal,
          )
        : await trickleEndlessBody(res, head, fault.trickleMs ?? 1000, signal);
    return { status: head.status, bytes };
  }

  /** `act_late`: reads the request now, then acts and answers on the fault's schedule. */
  private async actLate(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fault: Fault,
  ): Promise<Served> {
    // The body is read at once, while the client is surely there; it is acted on later.
    const request = await this.readRequest(req, url);
    if ("status" in request) {
      send(res, request);
      return { status: request.status };
    }
    const status = await serveLateAction(res, fault, {
      act: () => {
        const real = this.run(request, (r) => serveApi(this.runtime, r));
        this.runtime.faults.recordAct(fault.id);
        return real;
      },
      send: (response) => send(res, response),
      cancelAct: AbortSignal.any([this.shutdown.signal, this.runtime.resetSignal]),
      closing: this.shutdown.signal,
    });
    return { status };
  }

  /** Reads the body and runs `handler`, turning an oversized body or a bug into a response. */
  private async answer(
    req: IncomingMessage,
    url: URL,
    handler: (request: EmulatorRequest) => EmulatorResponse,
  ): Promise<EmulatorResponse> {
    const request = await this.readRequest(req, url);
    return "status" in request ? request : this.run(request, handler);
  }

  /** The request as handlers see it, or 413 when its body is too large. */
  private async readRequest(
    req: IncomingMessage,
    url: URL,
  ): Promise<EmulatorRequest | EmulatorResponse> {
    const body = await readBody(req);
    if (body === undefined) return errorsResponse(413, ["Request body is too large"]);
    return {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
  }

  /** Runs `handler`, turning a bug into a 500. */
  private run(
    request: EmulatorRequest,
    handler: (request: EmulatorRequest) => EmulatorResponse,
  ): EmulatorResponse {
    try {
      return handler(request);
    } catch (error) {
      this.log?.(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      return statusResponse(500);
    }
  }
}

function displayHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts an emulator and resolves once it listens.
 * @throws when the seed or state file is invalid, or the port cannot be bound.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const runtime = createRuntime(options);
  const handler = new RequestHandler(runtime, options.log);
  const server = createServer((req, res) => {
    handler.handle(req, res).catch((error: unknown) => {
      options.log?.(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, statusResponse(500));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== "object" || address === null)
    throw new Error("emulator is not listening on TCP");
  const port = address.port;
  const origin = `http://${displayHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${API_PREFIX}`,
    origin,
    port,
    control: new EmulatorControl(origin),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        handler.abortPending();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        runtime.persist();
      });
      return closing;
    },
  };
}
