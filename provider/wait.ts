import { Clock, Deployment, isTerminalStatus, NodionError } from "../client";

/** Options for {@link waitForDeployment}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Called with one line per status change (and per transient API error). */
  readonly onProgress: (line: string) => void;
  /**
   * How long a deployment the API returned may be missing from the list before it counts as
   * vanished, as long as the list has not shown it yet. Default {@link LIST_GRACE_MS}.
   */
  readonly listGraceMs?: number;
}

/**
 * Default of {@link WaitOptions.listGraceMs}. Reads may be eventually consistent: a deployment
 * the POST just returned can be missing from the list for a while. Until the list has shown it
 * once, or this long has passed, a miss means "not listed yet", not "gone".
 */
export const LIST_GRACE_MS = 60_000;

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

/**
 * Thrown when the deployment is missing from the application's list after it was listed once, or
 * was never listed within the grace period. The caller still records it: the API returned it.
 */
export class DeploymentVanishedError extends Error {
  constructor(
    readonly last: Deployment,
    readonly everListed: boolean,
  ) {
    super(
      everListed
        ? `deploy #${last.deployNumber} no longer appears in the application's deployments`
        : `deploy #${last.deployNumber} has not appeared in the application's deployments yet`,
    );
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
  const graceMs = options.listGraceMs ?? LIST_GRACE_MS;
  let last = initial;
  let polls = 0;
  let listed = false;
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
    if (next === undefined) {
      if (listed || options.clock.now() - started >= graceMs) {
        throw new DeploymentVanishedError(last, listed);
      }
      continue; // not listed yet (eventually consistent reads)
    }
    listed = true;
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
