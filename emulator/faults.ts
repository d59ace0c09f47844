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
 */
export type FaultAction =
  "respond" | "delay" | "drop_before" | "drop_after" | "malformed_json" | "html";

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
}

const ACTIONS: readonly FaultAction[] = [
  "respond",
  "delay",
  "drop_before",
  "drop_after",
  "malformed_json",
  "html",
];

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
  };
  return errors.length === 0 ? { ok: true, spec } : { ok: false, errors };
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

  /** Every fault added since the last clear, spent ones included (with their counters). */
  list(): readonly Fault[] {
    return [...this.faults];
  }

  /** Removes all faults. */
  clear(): void {
    this.faults = [];
  }
}
