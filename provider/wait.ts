import { Clock, Deployment, isTerminalStatus, NodionError } from "../sdk";

/** Options for {@link waitForDeployment}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Called with one line per status change (and per transient API error). */
  readonly onProgress: (line: string) => void;
}

/** Thrown when the deployment is still not finished when the wait times out. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly last: Deployment,
    readonly waitedMs: number,
  ) {
    super(`still "${last.status}" after ${seconds(waitedMs)}`);
    this.name = "WaitTimeoutError";
  }
}

/** Thrown when the deployment vanished from the application's list while being waited on. */
export class DeploymentVanishedError extends Error {
  constructor(readonly last: Deployment) {
    super(`deployment #${last.deployNumber} no longer appears in the application's deployments`);
    this.name = "DeploymentVanishedError";
  }
}

/**
 * The pause before poll number `n` (0-based): every 500 ms for the first 10 s, so a short build
 * is noticed within half a second of finishing, then easing off to 3 s so a five-minute build
 * costs about 130 requests. Concurrent waits on one application share each request.
 */
export function pollDelayMs(n: number): number {
  return n < 20 ? 500 : Math.min(500 * 1.1 ** (n - 20), 3000);
}

/**
 * Polls `lookup` until the deployment reaches a terminal status (`available`, `failed`,
 * `expired`) and returns it. Unknown statuses count as still in progress. Transient API errors
 * (already retried by the client) are reported and polling goes on until the timeout.
 */
export async function waitForDeployment(
  lookup: () => Promise<Deployment | undefined>,
  initial: Deployment,
  options: WaitOptions,
): Promise<Deployment> {
  const started = options.clock.now();
  let last = initial;
  let polls = 0;
  options.onProgress(`deploy #${last.deployNumber}: ${last.status}`);
  while (!isTerminalStatus(last.status)) {
    const elapsed = options.clock.now() - started;
    if (elapsed >= options.timeoutMs) throw new WaitTimeoutError(last, elapsed);
    await options.clock.sleep(Math.min(pollDelayMs(polls++), options.timeoutMs - elapsed));
    let next: Deployment | undefined;
    try {
      next = await lookup();
    } catch (err) {
      if (NodionError.isInstance(err) && err.retryable) {
        options.onProgress(`deploy #${last.deployNumber}: ${err.message}; still waiting`);
        continue;
      }
      throw err;
    }
    if (next === undefined) throw new DeploymentVanishedError(last);
    if (next.status !== last.status) {
      const at = seconds(options.clock.now() - started);
      options.onProgress(`deploy #${next.deployNumber}: ${last.status} -> ${next.status} (${at})`);
    }
    last = next;
  }
  return last;
}

/** Milliseconds as a short human duration, e.g. "42s" or "3m05s". */
export function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
