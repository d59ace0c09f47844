/**
 * The optional health check after a deployment is `available`: where to ask (a full URL, or a
 * path on the application's verified domain), how to ask (one `GET` per attempt through an
 * injectable {@link Probe}, never with a credential), and when to stop (an expected status, or
 * the timeout). The outcome is data; the provider turns a failure into one line.
 *
 * @packageDocumentation
 */
import type { Clock, Domain, Redactor } from "../client";
import { redactedExcerpt } from "./bounded-text";
import {
  DEFAULT_EXPECTED_STATUS,
  DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS,
  type HealthCheck,
} from "./args";

/** What one attempt saw: a response (status and the start of its body), or why there was none. */
export type ProbeOutcome =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly reason: string };

/** Asks `url` once with `GET`, giving up after `timeoutMs`. Never throws. */
export type Probe = (url: string, timeoutMs: number) => Promise<ProbeOutcome>;

/** The longest one attempt may take; a longer check makes more attempts. */
export const MAX_ATTEMPT_MS = 10_000;
/** The least time an attempt is given; a check never starts one with less left. */
export const MIN_ATTEMPT_MS = 1000;
/** Characters of a response body a failure quotes. */
export const BODY_EXCERPT_CHARS = 120;
/** Bytes of a response body read at most (the rest is not downloaded). */
const BODY_READ_BYTES = 4096;

/** An inclusive range of HTTP statuses. */
export interface StatusRange {
  readonly low: number;
  readonly high: number;
}

/** Parses `"204"` or `"200-299"` (statuses 100 to 599); undefined when malformed. */
export function parseStatusRange(text: string): StatusRange | undefined {
  const match = /^\s*([1-5]\d\d)\s*(?:-\s*([1-5]\d\d)\s*)?$/.exec(text);
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2] ?? match[1]);
  return low <= high ? { low, high } : undefined;
}

/** The pause before attempt `n + 1`: 1 s, 2 s, then every 3 s. */
export function probeDelayMs(n: number): number {
  return Math.min(1000 * (n + 1), 3000);
}

/**
 * The domain a path-only check uses: a verified `main` (custom) domain first, else a verified
 * `sub` domain, else any verified one. Nodion does not document the status values; `verified`
 * is what the emulator uses and what the check accepts.
 */
export function pickDomain(domains: readonly Domain[]): Domain | undefined {
  const verified = domains.filter((d) => d.status === "verified");
  return (
    verified.find((d) => d.domainType === "main") ??
    verified.find((d) => d.domainType === "sub") ??
    verified[0]
  );
}

/** A checked health check: the URL to ask, the statuses that pass, the time allowed. */
export interface ResolvedHealthCheck {
  readonly url: string;
  readonly expected: StatusRange;
  readonly timeoutMs: number;
}

/**
 * Resolves `check` to a URL: `url` as given, or `path` on the domain `domains()` yields (read only
 * when needed). Returns a reason instead when there is no verified domain.
 */
export async function resolveHealthCheck(
  check: HealthCheck,
  domains: () => Promise<readonly Domain[]>,
): Promise<
  | { readonly ok: true; readonly check: ResolvedHealthCheck }
  | { readonly ok: false; readonly reason: string }
> {
  const expectedText = check.expectedStatus ?? DEFAULT_EXPECTED_STATUS;
  const expected = parseStatusRange(expectedText) ?? { low: 200, high: 399 };
  const timeoutMs = (check.timeoutSeconds ?? DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS) * 1000;
  if (check.url !== undefined) return { ok: true, check: { url: check.url, expected, timeoutMs } };
  const domain = pickDomain(await domains());
  if (domain === undefined) {
    return {
      ok: false,
      reason:
        "healthCheck.path needs a verified domain, and the application has none; verify one in Nodion or give healthCheck.url",
    };
  }
  const url = new URL(check.path ?? "/", `https://${domain.domainName}`).toString();
  return { ok: true, check: { url, expected, timeoutMs } };
}

/** How a health check ended. */
export type HealthOutcome =
  | { readonly healthy: true; readonly status: number; readonly attempts: number }
  | {
      readonly healthy: false;
      readonly last: ProbeOutcome;
      readonly attempts: number;
      readonly waitedMs: number;
    };

/**
 * Asks `check.url` until it answers with an expected status or `check.timeoutMs` has passed (at
 * least one attempt). Each attempt may take at most {@link MAX_ATTEMPT_MS}, never runs past the
 * deadline, and is not started with less than {@link MIN_ATTEMPT_MS} left. A failure carries the
 * last response, or, when nothing answered, why the last attempt got none. `onProgress` gets one
 * line whenever the answer changes.
 */
export async function runHealthCheck(
  check: ResolvedHealthCheck,
  deps: {
    readonly probe: Probe;
    readonly clock: Clock;
    readonly onProgress: (line: string) => void;
  },
): Promise<HealthOutcome> {
  const started = deps.clock.now();
  const deadline = started + check.timeoutMs;
  let attempts = 0;
  let lastShown = "";
  // A response says more than a later attempt that got no answer, so it is what a failure quotes.
  let lastResponse: ProbeOutcome | undefined;
  let last: ProbeOutcome | undefined;
  for (;;) {
    const remaining = Math.max(deadline - deps.clock.now(), 1);
    const outcome = await deps.probe(check.url, Math.min(MAX_ATTEMPT_MS, remaining));
    attempts++;
    if (
      outcome.ok &&
      outcome.status >= check.expected.low &&
      outcome.status <= check.expected.high
    ) {
      return { healthy: true, status: outcome.status, attempts };
    }
    last = outcome;
    if (outcome.ok) lastResponse = outcome;
    const shown = outcome.ok ? `answered ${outcome.status}` : outcome.reason;
    if (shown !== lastShown) {
      deps.onProgress(`health check: GET ${check.url} ${shown}; asking again`);
      lastShown = shown;
    }
    const now = deps.clock.now();
    const pause = probeDelayMs(attempts - 1);
    // No attempt that would start with less than MIN_ATTEMPT_MS left: it could only time out.
    if (deadline - now - pause < MIN_ATTEMPT_MS) {
      const waitedMs = now - started;
      return { healthy: false, last: lastResponse ?? last, attempts, waitedMs };
    }
    await deps.clock.sleep(pause);
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** The last response (or why there was none) for a failure line: status and a redacted excerpt. */
export function describeLastResponse(last: ProbeOutcome, redact: Redactor): string {
  if (!last.ok) return `last attempt: ${last.reason}`;
  const text = last.body.replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
  const excerpt =
    text === "" ? "empty body" : JSON.stringify(redactedExcerpt(text, BODY_EXCERPT_CHARS, redact));
  return `last response: ${last.status} ${excerpt}`;
}

/**
 * The real {@link Probe}: one `GET` with Node's `fetch`, redirects not followed (a 3xx is an
 * answer), no credentials or cookies, and at most the first 4 KiB of the body read.
 */
export const httpProbe: Probe = async (url, timeoutMs) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: "GET",
      redirect: "manual",
      headers: { Accept: "*/*", "User-Agent": "pulumi-nodion-health-check" },
      signal: controller.signal,
    });
    const body = await readStart(response, BODY_READ_BYTES);
    return { ok: true, status: response.status, body };
  } catch (err) {
    if (controller.signal.aborted)
      return { ok: false, reason: `no answer within ${Math.ceil(timeoutMs / 1000)}s` };
    return { ok: false, reason: describeFetchError(err) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
};

async function readStart(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off after the status arrived still leaves the status to report.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}

/** `fetch` hides the network error in `cause`; name it (ECONNREFUSED, ENOTFOUND, ...). */
function describeFetchError(err: unknown): string {
  const cause =
    err instanceof Error
      ? (err.cause as { code?: unknown; message?: unknown } | undefined)
      : undefined;
  if (cause && typeof cause.code === "string") return `no answer (${cause.code})`;
  if (cause && typeof cause.message === "string")
    return `no answer (${cause.message.slice(0, 80)})`;
  return `no answer (${err instanceof Error ? err.message.slice(0, 80) : String(err).slice(0, 80)})`;
}
