/**
 * Scripted faults: "the next 2 POSTs to /deployments get a 503", "drop the connection after
 * creating the deployment". Faults are matched in the order added, each fires `times` times, and
 * every firing is counted so tests can check what happened.
 */
import { Fields } from "./fields";

/**
 * What a fault does to a matching request:
 * - `respond`: answer with `status`/`body` without acting (default when `status` or `body` is set);
 * - `delay`: wait `latencyMs`, then serve normally (default when only `latencyMs` is set);
 * - `drop_before`: destroy the connection without acting;
 * - `drop_after`: act for real (e.g. create the deployment), then destroy the connection unanswered;
 * - `malformed_json`: act for real, then send the real status with the JSON body cut in half;
 * - `html`: answer 502 with an HTML proxy error page without acting.
 * - `act_late`: act `actAfterMs` after the request arrived, whatever became of the client, and
 *   answer per `answer` (late, dropped, or held open);
 * - `stale_list`: serve normally, but deployment lists leave out deployments younger than `lagMs`;
 * - `oversized_body`: answer `status` (default 200) with a `bodyBytes` body, streamed, without acting;
 * - `endless_body`: answer `status` (default 200) headers, then a body that never ends, without acting;
 * - `echo_headers`: answer `status` (default 400) with an error message that echoes the
 *   credentials around `echoAround` character offsets, without acting.
 */
export type FaultAction =
  | "respond"
  | "delay"
  | "drop_before"
  | "drop_after"
  | "malformed_json"
  | "html"
  | "act_late"
  | "stale_list"
  | "oversized_body"
  | "endless_body"
  | "echo_headers";

/**
 * How an `act_late` fault answers:
 * - `response`: at `answerAfterMs`, the real response if the server has acted by then, else the
 *   fault's `status`/`body` (default 504, as a gateway that gave up waiting);
 * - `drop`: at `answerAfterMs`, destroy the connection unanswered;
 * - `hold`: never answer; keep the connection open until the client (or the emulator) closes it.
 */
export type LateAnswer = "response" | "drop" | "hold";

/** A JSON body a `respond` fault sends: a raw string is sent verbatim. */
export type FaultBody = string | Readonly<Record<string, unknown>> | readonly unknown[];

/** A fault as requested through `POST /_emulator/faults`. */
export interface FaultSpec {
  /** Only requests with this method (any when absent). */
  readonly method?: string;
  /** Substring of the request path, or `/regex/` (any path when absent). */
  readonly path?: string;
  /** How many requests the fault hits; default 1. */
  readonly times?: number;
  /** Status for `respond` (default 500). */
  readonly status?: number;
  readonly body?: FaultBody;
  /** Adds `Retry-After: <seconds>` to the faulted response. */
  readonly retryAfter?: number;
  /** Delay before the fault acts (any action). */
  readonly latencyMs?: number;
  readonly action?: FaultAction;
  /** `act_late`: when the server acts, in ms after the request arrived (default 0). */
  readonly actAfterMs?: number;
  /** `act_late`: how the server answers (default `response`). */
  readonly answer?: LateAnswer;
  /** `act_late`: when the answer (or drop) comes, in ms after arrival (default `actAfterMs`). */
  readonly answerAfterMs?: number;
  /** `stale_list`: how far (emulator clock, ms) a deployment list lags behind its writes. */
  readonly lagMs?: number;
  /** `oversized_body`: body size in bytes (default `OVERSIZED_BODY_BYTES`, 300 MiB). */
  readonly bodyBytes?: number;
  /** `oversized_body`: send no `Content-Length` (chunked encoding); default false. */
  readonly chunked?: boolean;
  /** `endless_body`: pause between two trickled body bytes, in ms (default 1000). */
  readonly trickleMs?: number;
  /**
   * `echo_headers`: character offsets of the error message at which echoes of the credentials
   * are centred, alternately the raw `Authorization` value and the percent-encoded key
   * (default `[200, 500]`, the usual truncation lengths).
   */
  readonly echoAround?: readonly number[];
}

/** A registered fault and its counters. */
export interface Fault extends FaultSpec {
  readonly id: number;
  readonly action: FaultAction;
  readonly times: number;
  /** Hits left before the fault stops matching. */
  readonly remaining: number;
  /** Hits so far. */
  readonly fired: number;
  /** `act_late` only: how many of the hits the server has acted on so far. */
  readonly acted?: number;
}

/** Default body size of an `oversized_body` fault: 300 MiB. */
export const OVERSIZED_BODY_BYTES = 300 * 1024 * 1024;

/** Default offsets of an `echo_headers` fault's echoes. */
export const ECHO_AROUND: readonly number[] = [200, 500];

/** The longest delay or lag a fault may script: one day. */
const MAX_FAULT_MS = 86_400_000;

const ACTIONS: readonly FaultAction[] = [
  "respond",
  "delay",
  "drop_before",
  "drop_after",
  "malformed_json",
  "html",
  "act_late",
  "stale_list",
  "oversized_body",
  "endless_body",
  "echo_headers",
];

const LATE_ANSWERS: readonly LateAnswer[] = ["response", "drop", "hold"];

/** Which action each action-specific field belongs to; using one elsewhere is a mistake. */
const FIELD_ACTIONS: Readonly<Record<string, FaultAction>> = {
  actAfterMs: "act_late",
  answer: "act_late",
  answerAfterMs: "act_late",
  lagMs: "stale_list",
  bodyBytes: "oversized_body",
  chunked: "oversized_body",
  trickleMs: "endless_body",
  echoAround: "echo_headers",
};

/** Reads an untrusted fault spec, collecting every problem. */
export function parseFaultSpec(
  value: unknown,
): { ok: true; spec: FaultSpec } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const f = new Fields(value, "fault", errors);
  const body = f.raw("body");
  if (body !== undefined && body !== null && !isFaultBody(body)) {
    errors.push("fault.body must be a string, an object or an array");
  }
  const path = f.optionalString("path");
  if (path !== undefined && pathMatcher(path) === undefined)
    errors.push("fault.path is not a valid /regex/");
  const spec: FaultSpec = {
    method: f.optionalString("method")?.toUpperCase(),
    path,
    times: f.number("times", 1, 1, 1_000_000),
    status: f.optionalNumber("status", 100, 599),
    body: isFaultBody(body) ? body : undefined,
    retryAfter: f.optionalNumber("retryAfter", 0, 86_400),
    latencyMs: f.optionalNumber("latencyMs", 0, 600_000),
    action: f.has("action") ? f.oneOf("action", ACTIONS) : undefined,
    ...readActionFields(f, errors),
  };
  for (const [field, action] of Object.entries(FIELD_ACTIONS)) {
    if (f.has(field) && spec.action !== action)
      errors.push(`fault.${field} applies only to action "${action}"`);
  }
  if (spec.action === "stale_list" && spec.lagMs === undefined)
    errors.push('fault.lagMs is required for action "stale_list"');
  return errors.length === 0 ? { ok: true, spec } : { ok: false, errors };
}

/** The action-specific fields (absent ones stay `undefined`, which JSON listings leave out). */
function readActionFields(f: Fields, errors: string[]): Partial<FaultSpec> {
  const chunked = f.raw("chunked");
  if (chunked !== undefined && chunked !== null && typeof chunked !== "boolean")
    errors.push("fault.chunked must be a boolean");
  const echoAround = f.has("echoAround")
    ? f.array("echoAround", (value, path) => wholeNumber(value, path, 1_000_000, errors))
    : undefined;
  if (echoAround?.length === 0) errors.push("fault.echoAround must not be empty");
  if (echoAround?.some((offset, i) => i > 0 && offset <= echoAround[i - 1]))
    errors.push("fault.echoAround must be in ascending order");
  return {
    actAfterMs: f.optionalNumber("actAfterMs", 0, MAX_FAULT_MS),
    answer: f.has("answer") ? f.oneOf("answer", LATE_ANSWERS) : undefined,
    answerAfterMs: f.optionalNumber("answerAfterMs", 0, MAX_FAULT_MS),
    lagMs: f.optionalNumber("lagMs", 0, MAX_FAULT_MS),
    bodyBytes: f.has("bodyBytes")
      ? wholeNumber(f.raw("bodyBytes"), "fault.bodyBytes", Number.MAX_SAFE_INTEGER, errors)
      : undefined,
    chunked: typeof chunked === "boolean" ? chunked : undefined,
    trickleMs: f.optionalNumber("trickleMs", 1, MAX_FAULT_MS),
    echoAround,
  };
}

function wholeNumber(value: unknown, path: string, max: number, errors: string[]): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max)
    return value;
  errors.push(`${path} must be a whole number from 0 to ${max}`);
  return 0;
}

function isFaultBody(value: unknown): value is FaultBody {
  return typeof value === "string" || (typeof value === "object" && value !== null);
}

function pathMatcher(path: string): ((candidate: string) => boolean) | undefined {
  if (path.length >= 2 && path.startsWith("/") && path.endsWith("/")) {
    try {
      const regex = new RegExp(path.slice(1, -1));
      return (candidate) => regex.test(candidate);
    } catch {
      return undefined;
    }
  }
  return (candidate) => candidate.includes(path);
}

function defaultAction(spec: FaultSpec): FaultAction {
  if (spec.action) return spec.action;
  if (spec.status === undefined && spec.body === undefined && spec.latencyMs !== undefined)
    return "delay";
  return "respond";
}

/** The ordered list of faults; `take` consumes the first one that matches. */
export class FaultQueue {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Registers a fault behind those already queued. */
  add(spec: FaultSpec): Fault {
    const times = spec.times ?? 1;
    const fault: Fault = {
      ...spec,
      id: this.nextId++,
      action: defaultAction(spec),
      times,
      remaining: times,
      fired: 0,
      ...(spec.action === "act_late" && { acted: 0 }),
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one hit of the first live fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || (pathMatcher(f.path)?.(path) ?? false)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    const consumed: Fault = { ...fault, remaining: fault.remaining - 1, fired: fault.fired + 1 };
    this.faults[index] = consumed;
    return consumed;
  }

  /** Counts one act of an `act_late` fault (a no-op once the fault was cleared). */
  recordAct(id: number): void {
    const index = this.faults.findIndex((f) => f.id === id);
    if (index < 0) return;
    const fault = this.faults[index];
    this.faults[index] = { ...fault, acted: (fault.acted ?? 0) + 1 };
  }

  /** Every fault added since the last clear, spent ones included (with their counters). */
  list(): readonly Fault[] {
    return [...this.faults];
  }

  /** Removes all faults. */
  clear(): void {
    this.faults = [];
  }
}
