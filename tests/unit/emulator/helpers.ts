/** Shared helpers for the emulator tests: a manual clock and a small API caller. */
import {
  SEED_PROJECT_KEY,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../emulator";

/** A clock that only moves when told to. */
export class ManualClock {
  ms = Date.parse("2025-03-01T12:00:00.000Z");

  readonly now = (): number => this.ms;

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** An emulator on port 0 driven by a manual clock. */
export interface TestEmulator {
  readonly emulator: RunningEmulator;
  readonly clock: ManualClock;
}

/** Starts an in-process emulator with a manual clock (and any other options). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const clock = new ManualClock();
  const emulator = await startEmulator({ now: clock.now, ...options });
  return { emulator, clock };
}

/** Options of one API call. */
export interface CallOptions {
  /** Bearer token; `null` sends no Authorization header. Default: the seeded project key. */
  readonly key?: string | null;
  /** `X-Nodion-Project` header. */
  readonly project?: string;
  /** A JSON body (serialised) or a raw string body. */
  readonly body?: unknown;
}

/** A response with its body parsed when it is JSON. */
export interface CallResult<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body; the shape is the test's claim, checked by its assertions. */
  readonly json: T;
}

/** Calls the emulated API at `path` (relative to `/v1`). */
export async function call<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? SEED_PROJECT_KEY : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (options.project !== undefined) headers["x-nodion-project"] = options.project;
  let body: string | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/** The path of an app's deployments. */
export function deploymentsPath(appId: string): string {
  return `/applications/${appId}/deployments`;
}

/** Resolves after `ms` of real time (fault delays are real network delays, not clock time). */
export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` every 10 ms until it returns a value other than `undefined`, for effects that
 * happen after the client's request ended (a late act, a log entry written on disconnect).
 * @throws when `timeoutMs` passes first.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 2_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await wait(10);
  }
}
