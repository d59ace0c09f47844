/**
 * The fault matrix as data, and what every reliability test needs around it: counting the
 * deployments an operation created, and collecting everything the API key could leak into.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { EmulatorOptions, FaultSpec, RunningEmulator } from "../../emulator";
import { defaultSeed, SEED_PROJECT_ID, SEED_PROJECT_KEY } from "../../emulator";
import { deploymentStack, startTestEmulator } from "../helpers/nodion";
import type { TestStack } from "../helpers/pulumi-stack";

/** Transient faults must end in a successful run; permanent ones in one actionable line. */
export type FaultClass = "transient" | "permanent";

/** The operations the matrix runs every fault against (one test file each). */
export type Operation = "trigger" | "polling" | "refresh";

/** What an operation must make of a fault. */
export interface Expectation {
  readonly class: FaultClass;
  /** For permanent faults: what the failing command must print. */
  readonly message?: RegExp;
}

/** One row of the matrix: a fault, applied to whichever request an operation makes. */
export interface FaultCase extends Expectation {
  readonly name: string;
  /** The fault without method and path (each operation supplies its own). */
  readonly fault: Omit<FaultSpec, "method" | "path">;
  /**
   * Operations that meet the fault differently: an unclear POST is watched for and re-sent once
   * nothing appeared, while a read that can never succeed (a body over the limit) is not retried.
   */
  readonly on?: Partial<Record<Operation, Expectation>>;
}

/** What `operation` must make of `c`. */
export function expectationOf(c: FaultCase, operation: Operation): Expectation {
  return c.on?.[operation] ?? { class: c.class, ...(c.message && { message: c.message }) };
}

/**
 * The client's per-request timeout in the reliability stacks, set through the provider's
 * `NODION_REQUEST_TIMEOUT_MS` (the default of 30 s would make the slow-response cases slow).
 */
export const REQUEST_TIMEOUT_MS = 1500;

/** A response this much slower than {@link REQUEST_TIMEOUT_MS} counts as "too slow". */
const SLOW_MS = REQUEST_TIMEOUT_MS * 2;

/**
 * The environment of every reliability stack. The observation window is set to the request
 * timeout (`NODION_OUTCOME_WINDOW_MS`; its default floor is 30 s), so the matrix's unclear POSTs
 * are watched for as long as before; tests/reliability/late-commit.test.ts runs the default window.
 */
export const RELIABILITY_ENV = {
  NODION_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  NODION_OUTCOME_WINDOW_MS: String(REQUEST_TIMEOUT_MS),
};

/**
 * The project key of the reliability stacks. Unlike the seed's keys it changes under every
 * encoding (`/`, `+`, `=`, `&`, `%` percent-encode; `/` JSON-escapes as `\/`), so a leak scan
 * that finds none of its forms means something.
 */
export const RELIABILITY_KEY = "nrk_7Qv/Xe+Lp9=Zt&Wm%Hs3Kd~uY";

/** Starts an emulator that also accepts {@link RELIABILITY_KEY} for the main project. */
export function startReliabilityEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = defaultSeed();
  return startTestEmulator({
    ...options,
    seed: {
      ...seed,
      keys: [
        ...seed.keys,
        {
          kind: "project",
          token: RELIABILITY_KEY,
          name: "reliability",
          projectId: SEED_PROJECT_ID,
        },
      ],
    },
  });
}

/** A stack of the deployment program with {@link RELIABILITY_KEY} and {@link RELIABILITY_ENV}. */
export function reliabilityStack(
  emulator: RunningEmulator,
  config: Readonly<Record<string, string>>,
): Promise<TestStack> {
  return deploymentStack(emulator, { config, apiKey: RELIABILITY_KEY, env: RELIABILITY_ENV });
}

/** When an `act_late` server acts, in ms after the request arrived: before the client gives up. */
const ACT_SOON_MS = REQUEST_TIMEOUT_MS / 3;

/**
 * When an `act_late` server acts after the client gave up: later than the request timeout, inside
 * the observation window the client watches the list for afterwards (as long as the timeout).
 */
const ACT_AFTER_TIMEOUT_MS = REQUEST_TIMEOUT_MS * 1.5;

/** The SDK's default cap on a response body, as its error message names it. */
const BODY_LIMIT = /the response body exceeded the limit of 16 MiB \(16777216 bytes\)/;

/**
 * Every fault of the matrix. Transient faults fire up to three times in a row (the SDK's read
 * deadline is 60 s and its attempt budget 5); permanent ones fire once, since nothing retries them.
 */
export const FAULTS: readonly FaultCase[] = [
  {
    name: "429 with Retry-After",
    fault: { status: 429, retryAfter: 1, times: 2 },
    class: "transient",
  },
  { name: "500", fault: { status: 500, times: 2 }, class: "transient" },
  { name: "502", fault: { status: 502, times: 2 }, class: "transient" },
  { name: "503", fault: { status: 503, times: 3 }, class: "transient" },
  { name: "504", fault: { status: 504, times: 2 }, class: "transient" },
  {
    name: "connection reset before a response",
    fault: { action: "drop_before", times: 2 },
    class: "transient",
  },
  {
    name: "request acted on, then the connection dropped",
    fault: { action: "drop_after", times: 1 },
    class: "transient",
  },
  {
    name: "a response slower than the client timeout",
    fault: { action: "delay", latencyMs: SLOW_MS, times: 1 },
    class: "transient",
  },
  { name: "malformed JSON", fault: { action: "malformed_json", times: 1 }, class: "transient" },
  { name: "an HTML error page", fault: { action: "html", times: 2 }, class: "transient" },
  {
    name: "401",
    fault: { status: 401, body: { status: 401, error: "Unauthorized" }, times: 1 },
    class: "permanent",
    message: /401 Unauthorized .*Check that the API key is correct, active and not expired/,
  },
  {
    name: "403",
    fault: { status: 403, body: { errors: ['API key lacks the "write" scope'] }, times: 1 },
    class: "permanent",
    message:
      /403 Forbidden: API key lacks the "write" scope .*Check that the API key has the scope/,
  },
  {
    name: "404",
    fault: { status: 404, times: 1 },
    class: "permanent",
    message: /404 Not Found .*Check the application ID/,
    on: {
      // Refresh asks for the application itself once: it answers, so the id is not the problem.
      refresh: {
        class: "permanent",
        message:
          /deployment list of application .* answered 404 .*but the application itself answers .*proxy or routing problem/,
      },
    },
  },
  {
    name: `a server acting ${ACT_SOON_MS} ms after arrival, answering after the client timed out`,
    fault: { action: "act_late", actAfterMs: ACT_SOON_MS, answerAfterMs: SLOW_MS, times: 1 },
    class: "transient",
  },
  {
    name: `a server acting ${ACT_AFTER_TIMEOUT_MS} ms after arrival, then dropping the connection`,
    fault: { action: "act_late", actAfterMs: ACT_AFTER_TIMEOUT_MS, answer: "drop", times: 1 },
    class: "transient",
  },
  {
    name: `a server acting ${ACT_AFTER_TIMEOUT_MS} ms after arrival and never answering`,
    fault: { action: "act_late", actAfterMs: ACT_AFTER_TIMEOUT_MS, answer: "hold", times: 1 },
    class: "transient",
  },
  {
    // The POST is watched for and re-sent (the server did not act); a read is not repeated,
    // since the same request would bring the same body.
    name: "a 300 MiB body",
    fault: { action: "oversized_body", times: 1 },
    class: "transient",
    on: {
      polling: { class: "permanent", message: BODY_LIMIT },
      refresh: { class: "permanent", message: BODY_LIMIT },
    },
  },
  {
    name: "a body that never ends",
    fault: { action: "endless_body", trickleMs: 200, times: 1 },
    class: "transient",
  },
  {
    name: "an error body echoing the request headers",
    fault: { action: "echo_headers", times: 1 },
    class: "permanent",
    message: /400 Bad Request: .*\[REDACTED\]/,
  },
];

/**
 * Whether a case's fault is an HTTP error status. The matrix files of the trigger and the polls
 * run status faults and the rest (connection, timing, body) in files of their own, so that
 * `npm test` runs the two halves side by side.
 */
export function isStatusFault(c: FaultCase): boolean {
  return c.fault.status !== undefined;
}

/**
 * `act_late` on the trigger POST only: the combinations of acting time and answer that
 * {@link FAULTS} leaves out (polls and refresh reads gain nothing from them), so the trigger
 * meets every answer with the server acting both before and after the client's timeout.
 */
export const LATE_POST_FAULTS: readonly FaultCase[] = [
  {
    name: `a server acting ${ACT_SOON_MS} ms after arrival, then dropping the connection`,
    fault: { action: "act_late", actAfterMs: ACT_SOON_MS, answer: "drop", times: 1 },
    class: "transient",
  },
  {
    name: `a server acting ${ACT_SOON_MS} ms after arrival and never answering`,
    fault: { action: "act_late", actAfterMs: ACT_SOON_MS, answer: "hold", times: 1 },
    class: "transient",
  },
  {
    name: `a server acting and answering ${ACT_AFTER_TIMEOUT_MS} ms after arrival`,
    fault: { action: "act_late", actAfterMs: ACT_AFTER_TIMEOUT_MS, times: 1 },
    class: "transient",
  },
];

/** The deployments path of `appId`, as a fault path. */
export function deploymentsPath(appId: string): string {
  return `/applications/${appId}/deployments`;
}

/** How many deployments the emulator holds for `appId`. */
export async function deploymentCount(emulator: RunningEmulator, appId: string): Promise<number> {
  const { state } = await emulator.control.state();
  return state.deployments.filter((d) => d.appId === appId).length;
}

/** The ids of the deployments the emulator holds for `appId`, oldest first. */
export async function deploymentIds(emulator: RunningEmulator, appId: string): Promise<string[]> {
  const { state } = await emulator.control.state();
  return state.deployments
    .filter((d) => d.appId === appId)
    .sort((a, b) => a.deployNumber - b.deployNumber)
    .map((d) => d.id);
}

/** The POST requests the emulator logged for `appId`. */
export async function postCount(emulator: RunningEmulator, appId: string): Promise<number> {
  const log = await emulator.control.requests();
  return log.filter((r) => r.method === "POST" && r.path.includes(appId)).length;
}

/**
 * The distinct error lines a failing command printed, without the engine's own summary lines. A
 * plain provider error prints as `error: <message>`; one that keeps the resource in state (an
 * initialization failure) as `error: 1 error occurred:` followed by `* <message>`.
 */
export function providerErrorLines(output: string): string[] {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^(error: |\* )/.test(l))
    .filter((l) => !/^error: (update failed|refresh failed|\d+ errors? occurred:)$/.test(l))
    .map((l) => l.replace(/^(error|\*):? /, ""));
  return [...new Set(lines)];
}

/** A line of a JavaScript stack trace (`    at fn (file.js:1:2)`): never shown for a deliberate failure. */
export const STACK_TRACE = /^\s*at \S.*:\d+:\d+\)?$/m;

/**
 * The one line a user sees for a deliberate failure, checked: exactly one provider error line,
 * matching `message`, and no stack trace anywhere in the output. Returns the line; with
 * `FAULT_MATRIX_LINES` set to a file, also appends `where: line` to it (for the matrix's report).
 */
export function assertOneLine(output: string, message: RegExp, where: string): string {
  const lines = providerErrorLines(output);
  assert.equal(lines.length, 1, lines.join("\n"));
  const [line = ""] = lines;
  assert.match(line, message);
  assert.doesNotMatch(output, STACK_TRACE);
  const report = process.env.FAULT_MATRIX_LINES;
  if (report) fs.appendFileSync(report, `${where}: ${line}\n`);
  return line;
}

/**
 * Collects everything the API key could leak into: CLI output of every run, the raw backend
 * files and `pulumi stack export` of each stack, and the emulator's request log lines.
 */
export class LeakWatch {
  /** Pass to `startTestEmulator({ log })`. */
  readonly emulatorLog: string[] = [];
  private readonly texts: { where: string; text: string }[] = [];

  /** Keeps `stack`'s output, state files and export; call before the stack is removed. */
  async capture(stack: TestStack): Promise<void> {
    const where = `stack ${stack.name}`;
    this.texts.push({ where: `${where} CLI output`, text: stack.allOutput() });
    this.texts.push({ where: `${where} state files`, text: stack.rawBackendFiles().join("\n") });
    this.texts.push({ where: `${where} stack export`, text: await stack.exportState() });
  }

  /**
   * Fails if the key appears anywhere in any of {@link keyForms}, or any
   * {@link KEY_FRAGMENT_CHARS}-character piece of one of them (what a cut after redaction leaves).
   */
  assertNoKey(key: string = SEED_PROJECT_KEY): void {
    const all = [...this.texts, { where: "emulator log", text: this.emulatorLog.join("\n") }];
    assert.ok(this.texts.length > 0, "nothing was captured");
    assert.ok(this.emulatorLog.length > 0, "the emulator logged nothing");
    const pieces = keyForms(key).flatMap((form) => fragments(form, KEY_FRAGMENT_CHARS));
    for (const { where, text } of all) {
      for (const piece of new Set(pieces)) {
        assert.ok(!text.includes(piece), `the API key appears in ${where} (as …${piece}…)`);
      }
    }
  }
}

/** The shortest piece of an encoded key a leak scan looks for. */
export const KEY_FRAGMENT_CHARS = 12;

/**
 * The forms a key takes when something echoes it: raw, base64 and base64url (also of the whole
 * `Bearer <key>` value), hex, percent-encoded (reserved characters or every byte, upper- or
 * lower-case hex), and JSON-escaped (`\/`, or every character as `\uXXXX` in either case).
 */
export function keyForms(key: string): string[] {
  const bytes = [...Buffer.from(key, "utf8")];
  const hex = (b: number) => b.toString(16).padStart(2, "0");
  const lowerEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  const units = [...key].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0"));
  const forms = [
    key,
    encodeURIComponent(key),
    lowerEscapes(encodeURIComponent(key)),
    bytes.map((b) => `%${hex(b).toUpperCase()}`).join(""),
    bytes.map((b) => `%${hex(b)}`).join(""),
    JSON.stringify(key).slice(1, -1).replace(/\//g, "\\/"),
    units.map((u) => `\\u${u}`).join(""),
    units.map((u) => `\\u${u.toUpperCase()}`).join(""),
    Buffer.from(key).toString("hex"),
  ];
  for (const value of [key, `Bearer ${key}`]) {
    forms.push(Buffer.from(value).toString("base64"), Buffer.from(value).toString("base64url"));
  }
  return forms;
}

/** Every `size`-character piece of `text` (the whole text when it is shorter). */
function fragments(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  return Array.from({ length: text.length - size + 1 }, (_, i) => text.slice(i, i + size));
}

/**
 * Fails unless every fault queued since the last clear fired all of its `times`, every `act_late`
 * server acted on every request it took (waiting a little for acts still due), and every streamed
 * body (`oversized_body`, `endless_body`) was cut off by the client before `maxBodyBytes`.
 */
export async function assertFaultsFired(
  emulator: RunningEmulator,
  maxBodyBytes = 32 * 1024 * 1024,
): Promise<void> {
  const faults = await emulator.control.faults();
  assert.ok(faults.length > 0, "no fault was queued");
  for (const f of faults) assert.equal(f.fired, f.times, `fault ${f.id} (${f.action}) fired`);
  await waitFor(
    async () => {
      const now = await emulator.control.faults();
      return now.every((f) => f.acted === undefined || f.acted === f.fired);
    },
    "every act_late fault to act",
    10_000,
  );
  for (const r of await emulator.control.requests()) {
    if (r.bytes === undefined) continue;
    assert.ok(r.bytes < maxBodyBytes, `${r.method} ${r.path}: ${r.bytes} body bytes were read`);
  }
}

/** Waits until `condition` holds, polling every 50 ms, for at most `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
