/**
 * What one soak round does, drawn from the seeded dice: which triggers change, which emulator
 * fault is queued, the request timeout, and the operation. A pure function of the dice, so a seed
 * replays its rounds exactly.
 */
import type { FaultSpec } from "../../emulator";
import type { Dice } from "./random";

/** How `api` (git sha in `triggers`) changes this round. */
export type ApiChange = "new-sha" | "same-sha-again" | "keep";

/** How `web` (`imageTag`) changes this round. */
export type WebChange = "new-tag" | "keep";

/** The command a round runs under the fault. */
export type Operation =
  "up" | "refresh" | "preview" | "up-sigint" | "up-sigint-twice" | "up-sigkill";

/** What an emulator fault does besides queued faults: an app behaviour for the round. */
export interface RoundBehaviour {
  /** Builds never end within the round (`timeoutSeconds` is set short). */
  readonly endless?: boolean;
  /** Every build of the round fails. */
  readonly failing?: boolean;
}

/** One fault of the soak's menu. */
export interface SoakFault {
  readonly name: string;
  /** The scripted faults to queue, for a request timeout of `timeoutMs`. */
  readonly specs: (timeoutMs: number) => readonly FaultSpec[];
  readonly behaviour?: RoundBehaviour;
}

const POST = { method: "POST", path: "/deployments" } as const;
const LIST = { method: "GET", path: "/deployments" } as const;

/**
 * The faults a round may meet, from the emulator's scripted faults. Late commits and slow answers
 * stay under twice the request timeout: inside the client's observation window, so any duplicate
 * they lead to is a break (a commit later than the window can make one that is then reported).
 */
export const SOAK_FAULTS: readonly SoakFault[] = [
  { name: "none", specs: () => [] },
  { name: "POST 500, nothing made", specs: () => [{ ...POST, status: 500 }] },
  {
    name: "POST 502 after making it",
    specs: () => [
      { ...POST, action: "act_late", actAfterMs: 300, answerAfterMs: 100, status: 502 },
    ],
  },
  { name: "POST dropped, nothing made", specs: () => [{ ...POST, action: "drop_before" }] },
  { name: "POST dropped after making it", specs: () => [{ ...POST, action: "drop_after" }] },
  { name: "POST body cut in half", specs: () => [{ ...POST, action: "malformed_json" }] },
  {
    name: "POST slow answer (past the timeout)",
    specs: (t) => [{ ...POST, action: "delay", latencyMs: Math.round(t * 1.4) }],
  },
  {
    name: "late commit, no answer",
    specs: (t) => [
      { ...POST, action: "act_late", actAfterMs: Math.round(t * 1.5), answer: "hold" },
    ],
  },
  {
    name: "late commit, dropped",
    specs: (t) => [
      {
        ...POST,
        action: "act_late",
        actAfterMs: Math.round(t * 1.2),
        answer: "drop",
        answerAfterMs: t + 200,
      },
    ],
  },
  {
    name: "lagging list",
    specs: () => [{ ...LIST, action: "stale_list", lagMs: 3000, times: 30 }],
  },
  { name: "list 503", specs: () => [{ ...LIST, status: 503, times: 2 }] },
  { name: "list 404", specs: () => [{ ...LIST, status: 404 }] },
  { name: "list HTML page", specs: () => [{ ...LIST, action: "html", times: 2 }] },
  { name: "list slow answer", specs: (t) => [{ ...LIST, latencyMs: Math.round(t * 1.3) }] },
  { name: "status never ends", specs: () => [], behaviour: { endless: true } },
  { name: "builds fail", specs: () => [], behaviour: { failing: true } },
];

/** Request timeouts a round may run with (`NODION_REQUEST_TIMEOUT_MS`). */
export const REQUEST_TIMEOUTS_MS = [1000, 1500, 2500] as const;

const OPERATIONS: readonly Operation[] = [
  "up",
  "up",
  "up",
  "refresh",
  "preview",
  "up-sigint",
  "up-sigint-twice",
  "up-sigkill",
  "up-sigkill",
];

/** One round. */
export interface RoundPlan {
  readonly api: ApiChange;
  readonly web: WebChange;
  readonly fault: SoakFault;
  readonly requestTimeoutMs: number;
  /**
   * `NODION_OUTCOME_WINDOW_MS` for the round: twice the request timeout (fast rounds; the faults'
   * late commits stay inside it), or unset (the default window of 30 s).
   */
  readonly outcomeWindowMs: number | undefined;
  readonly operation: Operation;
  /** For a killed `up`: how long after the CLI started the signal comes. */
  readonly killAfterMs: number;
  /** How long the round's builds take in the emulator (short, so rounds stay fast). */
  readonly buildMs: number;
}

/** Whether `operation` interrupts `up`. */
export function isKill(operation: Operation): boolean {
  return operation.startsWith("up-sig");
}

/** Draws a round. */
export function planRound(dice: Dice): RoundPlan {
  let api = dice.pick<ApiChange>(["new-sha", "new-sha", "same-sha-again", "keep"]);
  const web = dice.pick<WebChange>(["new-tag", "keep"]);
  const fault = dice.pick(SOAK_FAULTS);
  const requestTimeoutMs = dice.pick(REQUEST_TIMEOUTS_MS);
  const outcomeWindowMs = dice.pick([undefined, 2 * requestTimeoutMs, 2 * requestTimeoutMs]);
  const operation = dice.pick(OPERATIONS);
  const killAfterMs = dice.between(1500, 6000);
  const buildMs = dice.between(300, 3000);
  // A deployment of the same sha that a killed run left cannot be told from the recorded one
  // (README, "An interrupted update is resumed"): asking for it again under a kill would make a
  // documented second deployment, not a break. Such rounds move to a new sha.
  if (api === "same-sha-again" && isKill(operation)) api = "new-sha";
  return { api, web, fault, requestTimeoutMs, outcomeWindowMs, operation, killAfterMs, buildMs };
}

/** The round as one short text for its line. */
export function describePlan(plan: RoundPlan): string {
  const at = isKill(plan.operation) ? ` at ${plan.killAfterMs} ms` : "";
  return `api ${plan.api}, web ${plan.web}, fault "${plan.fault.name}", timeout ${plan.requestTimeoutMs} ms, window ${plan.outcomeWindowMs === undefined ? "default" : `${plan.outcomeWindowMs} ms`}, build ${plan.buildMs} ms, ${plan.operation}${at}`;
}
