/**
 * A typed client for the control plane, for tests and demos that run the emulator in-process or
 * in another process. Uses the global `fetch`; sends no credentials (the control plane has none).
 */
import type { Fault, FaultBody, FaultSpec, LateAnswer } from "./faults";
import type { RequestLogEntry } from "./request-log";
import type { PushInput, WriteLogInput } from "./store";
import type {
  Behaviour,
  Commit,
  LogRecord,
  DeploymentRecord,
  DeploymentStatus,
  EmulatorSeed,
  EmulatorState,
} from "./types";

function parseOrUndefined(text: string): unknown {
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

const BRAND = Symbol.for("pulumi-nodion.EmulatorControlError");

/** A control-plane call that did not answer 2xx. */
export class EmulatorControlError extends Error {
  /** Brand checked by `isInstance`, which survives duplicate copies of this module. */
  readonly [BRAND] = true;

  constructor(
    /** e.g. `POST /_emulator/faults`. */
    readonly operation: string,
    readonly status: number,
    /** Error messages from the body, when it had `{"errors":[...]}`. */
    readonly errors: readonly string[],
  ) {
    super(`${operation} failed: ${status}${errors.length > 0 ? ` ${errors.join("; ")}` : ""}`);
    this.name = "EmulatorControlError";
  }

  /** Whether `value` is an `EmulatorControlError` from any copy of this module. */
  static isInstance(value: unknown): value is EmulatorControlError {
    return typeof value === "object" && value !== null && BRAND in value;
  }
}

/** The emulator clock as the control plane reports it. */
export interface ClockInfo {
  readonly now: string;
  readonly nowMs: number;
  readonly offsetMs: number;
}

/** `GET /_emulator/state`: the full state, each deployment with its current status. */
export interface StateDump {
  readonly state: Omit<EmulatorState, "deployments"> & {
    readonly deployments: readonly (DeploymentRecord & { readonly status: DeploymentStatus })[];
  };
  readonly clock: ClockInfo;
}

/** Which API requests a scripted fault hits, and how many of them (see `FaultSpec`). */
export interface FaultTarget {
  /** Only requests with this method; each `add…` method names its default. */
  readonly method?: string;
  /** Substring of the `/v1/...` path, or `/regex/`; each `add…` method names its default. */
  readonly path?: string;
  /** How many requests the fault hits; default 1. */
  readonly times?: number;
}

/** `addLateAction`: when the server acts and how (and when) it answers. */
export interface LateActionOptions extends FaultTarget {
  /** When the server acts, in ms after the request arrived; default 0. */
  readonly actAfterMs?: number;
  /** `response` (default), `drop` or `hold`. */
  readonly answer?: LateAnswer;
  /** When the answer or drop comes, in ms after arrival; default `actAfterMs`. */
  readonly answerAfterMs?: number;
  /** Sent when the answer comes before the act; default 504. */
  readonly status?: number;
  readonly body?: FaultBody;
}

/** `addListLag`: how far deployment lists lag behind the deployments created. */
export interface ListLagOptions extends FaultTarget {
  /** A deployment appears in lists this many ms (emulator clock) after it was created. */
  readonly lagMs: number;
}

/** `addOversizedBody`: the size and framing of the streamed body. */
export interface OversizedBodyOptions extends FaultTarget {
  /** Body size in bytes; default 300 MiB. */
  readonly bodyBytes?: number;
  /** No `Content-Length`, chunked encoding; default false. */
  readonly chunked?: boolean;
  /** Default 200. */
  readonly status?: number;
}

/** `addEndlessBody`: how the never-ending body trickles. */
export interface EndlessBodyOptions extends FaultTarget {
  /** Pause between two body bytes; default 1000 ms. */
  readonly trickleMs?: number;
  /** Default 200. */
  readonly status?: number;
}

/** `addHeaderEcho`: the error status and where the echoed credentials sit. */
export interface HeaderEchoOptions extends FaultTarget {
  /** Default 400 (`{"errors":[…]}`); 5xx answers `{"status":N,"error":…}`. */
  readonly status?: number;
  /** Message offsets the echoes are centred on; default `[200, 500]`. */
  readonly echoAround?: readonly number[];
}

/** Client for `/_emulator`; construct it from the emulator's origin (`http://127.0.0.1:PORT`). */
export class EmulatorControl {
  private readonly origin: string;

  /** @param origin scheme, host and port; a trailing `/v1` or slash is tolerated. */
  constructor(origin: string) {
    this.origin = origin.replace(/\/+$/, "").replace(/\/v1$/, "");
  }

  /** Back to the seed; clears faults, request log, rate-limit buckets and clock offset. */
  async reset(): Promise<void> {
    await this.call("POST", "/_emulator/reset");
  }

  /** Replaces the whole state with `seed` (faults and log are kept). */
  async seed(seed: EmulatorSeed): Promise<void> {
    await this.call("POST", "/_emulator/seed", seed);
  }

  /** Pushes a new head commit to a git app's branch and returns it. */
  async pushCommit(appId: string, input: PushInput = {}): Promise<Commit> {
    const body = await this.call<{ commit: Commit }>(
      "POST",
      `/_emulator/apps/${encodeURIComponent(appId)}/push`,
      input,
    );
    return body.commit;
  }

  /**
   * Writes lines to an app's log, as its running instances would (time: now, instance: that of
   * its newest deployment, unless given). Returns the lines as stored.
   */
  async writeLogs(appId: string, lines: readonly WriteLogInput[]): Promise<LogRecord[]> {
    const path = `/_emulator/apps/${encodeURIComponent(appId)}/logs`;
    return (await this.call<{ logs: LogRecord[] }>("POST", path, { lines })).logs;
  }

  /** Replaces an app's behaviour (absent fields take their defaults); affects later deployments. */
  async setBehaviour(appId: string, behaviour: Partial<Behaviour>): Promise<Behaviour> {
    const path = `/_emulator/apps/${encodeURIComponent(appId)}/behaviour`;
    return (await this.call<{ behaviour: Behaviour }>("PUT", path, behaviour)).behaviour;
  }

  /** Moves the emulator clock forward. */
  async advanceClock(ms: number): Promise<ClockInfo> {
    return this.call<ClockInfo>("POST", "/_emulator/clock/advance", { ms });
  }

  /** The emulator clock. */
  async clock(): Promise<ClockInfo> {
    return this.call<ClockInfo>("GET", "/_emulator/clock");
  }

  /** Queues a fault and returns it with its id and counters. */
  async addFault(spec: FaultSpec): Promise<Fault> {
    return (await this.call<{ fault: Fault }>("POST", "/_emulator/faults", spec)).fault;
  }

  /**
   * The server acts on a request after the client may have given up (`act_late`): by default the
   * next `POST …/deployments` creates its deployment `actAfterMs` after it arrived, and the
   * answer comes at `answerAfterMs`, is dropped, or never comes (`answer: "hold"`).
   */
  async addLateAction(options: LateActionOptions = {}): Promise<Fault> {
    return this.addFault({ method: "POST", path: "/deployments", ...options, action: "act_late" });
  }

  /**
   * Eventually consistent reads (`stale_list`): by default the next `GET …/deployments` leaves
   * out deployments created less than `lagMs` ago. Use a large `times` to lag every list.
   */
  async addListLag(options: ListLagOptions): Promise<Fault> {
    return this.addFault({ method: "GET", path: "/deployments", ...options, action: "stale_list" });
  }

  /**
   * A response body too big to take in (`oversized_body`), streamed at the client's pace: by
   * default the next request to any path gets a 300 MiB 200 JSON body with `Content-Length`.
   */
  async addOversizedBody(options: OversizedBodyOptions = {}): Promise<Fault> {
    return this.addFault({ ...options, action: "oversized_body" });
  }

  /** A body that never ends (`endless_body`): by default the next request to any path. */
  async addEndlessBody(options: EndlessBodyOptions = {}): Promise<Fault> {
    return this.addFault({ ...options, action: "endless_body" });
  }

  /**
   * An error body that echoes the request's credentials (`echo_headers`) around the usual
   * truncation lengths, to test a client's redaction: by default the next request to any path.
   */
  async addHeaderEcho(options: HeaderEchoOptions = {}): Promise<Fault> {
    return this.addFault({ ...options, action: "echo_headers" });
  }

  /** Every fault since the last clear, with `remaining` and `fired` counters. */
  async faults(): Promise<readonly Fault[]> {
    return (await this.call<{ faults: Fault[] }>("GET", "/_emulator/faults")).faults;
  }

  /** Removes all faults. */
  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/_emulator/faults");
  }

  /** API requests answered so far, oldest first. */
  async requests(): Promise<readonly RequestLogEntry[]> {
    return (await this.call<{ requests: RequestLogEntry[] }>("GET", "/_emulator/requests"))
      .requests;
  }

  /** Forgets the request log. */
  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/_emulator/requests");
  }

  /** The full state, for debugging and assertions. */
  async state(): Promise<StateDump> {
    return this.call<StateDump>("GET", "/_emulator/state");
  }

  /** Resolves when the emulator answers. */
  async health(): Promise<void> {
    await this.call("GET", "/_emulator/health");
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = parseOrUndefined(text);
    if (!response.ok) {
      const errors =
        typeof parsed === "object" &&
        parsed !== null &&
        "errors" in parsed &&
        Array.isArray(parsed.errors)
          ? parsed.errors.map(String)
          : [];
      throw new EmulatorControlError(`${method} ${path}`, response.status, errors);
    }
    // The emulator is ours and its control responses are typed above; this is the one trust boundary.
    return parsed as T;
  }
}
