/**
 * Assembles the emulator's moving parts (clock, store, faults, request log, rate limiter, state
 * file) from the options, and implements the control plane's reset and persist on top of them.
 */
import { createHash } from "node:crypto";
import { EmulatorClock, toNodionTimestamp } from "./clock";
import type { ControlContext } from "./control-routes";
import { FaultQueue } from "./faults";
import {
  readStateFile,
  STATE_FILE_FORMAT,
  STATE_FILE_VERSION,
  writeStateFile,
} from "./persistence";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { RequestLog } from "./request-log";
import { defaultSeed } from "./seed";
import { parseSeed } from "./seed-validation";
import { MemoryStore, type EmulatorStore } from "./store";
import type { EmulatorSeed, EmulatorState } from "./types";

/** The options that shape the emulator's behaviour (the HTTP ones live in `EmulatorOptions`). */
export interface RuntimeOptions {
  /** State file: loaded at start when present, rewritten atomically after every change. */
  readonly stateFile?: string;
  /** Replaces the default seed (also what `reset` returns to). */
  readonly seed?: EmulatorSeed;
  /** Default build duration in milliseconds (default 3000). */
  readonly buildMs?: number;
  /** Token bucket over API requests, per bearer token; off when absent. */
  readonly rateLimit?: RateLimitOptions;
  /** Base time source in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Receives one line per request and any state-file write failure. */
  readonly log?: (line: string) => void;
}

/** Everything the HTTP layer works with. */
export interface EmulatorRuntime extends ControlContext {
  /** `undefined` when rate limiting is off. */
  readonly rateLimiter: RateLimiter | undefined;
  /** A bucket id for a bearer token that does not keep the token itself. */
  bucketKey(token: string | undefined): string;
  /**
   * Aborted, and replaced by a fresh one, on every reset: work a fault scheduled before a reset
   * (an `act_late` deployment) must not land in the state the reset restored.
   */
  readonly resetSignal: AbortSignal;
}

function validSeed(seed: EmulatorSeed, createdAt: string): EmulatorState {
  const parsed = parseSeed(seed, createdAt);
  if (!parsed.ok) throw new Error(`invalid emulator seed: ${parsed.errors.join("; ")}`);
  return parsed.state;
}

/** Builds the runtime, loading the state file if there is one. */
export function createRuntime(options: RuntimeOptions): EmulatorRuntime {
  const loaded = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
  const clock = new EmulatorClock(options.now, loaded?.clockOffsetMs ?? 0);
  const seedState = validSeed(options.seed ?? defaultSeed(), toNodionTimestamp(clock.now()));
  let ready = false;
  const persist = (): void => {
    if (!ready || options.stateFile === undefined) return;
    try {
      writeStateFile(options.stateFile, {
        format: STATE_FILE_FORMAT,
        version: STATE_FILE_VERSION,
        savedAt: toNodionTimestamp(Date.now()),
        clockOffsetMs: clock.offsetMs,
        state: store.snapshot(),
      });
    } catch (error) {
      options.log?.(
        `state file write failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const store: EmulatorStore = new MemoryStore({
    state: loaded?.state ?? seedState,
    now: () => clock.now(),
    defaultBuildMs: options.buildMs,
    onChange: persist,
  });
  const faults = new FaultQueue();
  const requestLog = new RequestLog();
  const rateLimiter = options.rateLimit
    ? new RateLimiter(options.rateLimit, options.now ?? Date.now)
    : undefined;
  ready = true;
  persist();
  let resetController = new AbortController();
  return {
    store,
    faults,
    requestLog,
    clock,
    rateLimiter,
    persist,
    get resetSignal() {
      return resetController.signal;
    },
    reset() {
      resetController.abort();
      resetController = new AbortController();
      clock.resetOffset();
      faults.clear();
      requestLog.clear();
      rateLimiter?.reset();
      store.replace(seedState);
    },
    bucketKey(token) {
      return token === undefined ? "anonymous" : createHash("sha256").update(token).digest("hex");
    },
  };
}
