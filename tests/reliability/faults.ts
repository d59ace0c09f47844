/**
 * The fault matrix as data, and what every reliability test needs around it: counting the
 * deployments an operation created, and collecting everything the API key could leak into.
 */
import * as assert from "node:assert/strict";
import type { FaultSpec, RunningEmulator } from "../../emulator";
import { SEED_PROJECT_KEY } from "../../emulator";
import type { TestStack } from "../helpers/pulumi-stack";

/** Transient faults must end in a successful run; permanent ones in one actionable line. */
export type FaultClass = "transient" | "permanent";

/** One row of the matrix: a fault, applied to whichever request an operation makes. */
export interface FaultCase {
  readonly name: string;
  /** The fault without method and path (each operation supplies its own). */
  readonly fault: Omit<FaultSpec, "method" | "path">;
  readonly class: FaultClass;
  /** For permanent faults: what the failing command must print. */
  readonly message?: RegExp;
}

/**
 * The client's per-request timeout in the reliability stacks, set through the provider's
 * `NODION_REQUEST_TIMEOUT_MS` (the default of 30 s would make the slow-response cases slow).
 */
export const REQUEST_TIMEOUT_MS = 1500;

/** A response this much slower than {@link REQUEST_TIMEOUT_MS} counts as "too slow". */
const SLOW_MS = REQUEST_TIMEOUT_MS * 2;

/** The environment of every reliability stack. */
export const RELIABILITY_ENV = { NODION_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) };

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

  /** Fails if the key, or the key as base64 (a Basic or encoded header), appears anywhere. */
  assertNoKey(key: string = SEED_PROJECT_KEY): void {
    const all = [...this.texts, { where: "emulator log", text: this.emulatorLog.join("\n") }];
    assert.ok(this.texts.length > 0, "nothing was captured");
    assert.ok(this.emulatorLog.length > 0, "the emulator logged nothing");
    const forms = [key, Buffer.from(key).toString("base64")];
    for (const { where, text } of all) {
      for (const form of forms) assert.ok(!text.includes(form), `the API key appears in ${where}`);
    }
  }
}

/** Fails unless every fault queued since the last clear fired all of its `times`. */
export async function assertFaultsFired(emulator: RunningEmulator): Promise<void> {
  const faults = await emulator.control.faults();
  assert.ok(faults.length > 0, "no fault was queued");
  for (const f of faults) assert.equal(f.fired, f.times, `fault ${f.id} (${f.action}) fired`);
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
