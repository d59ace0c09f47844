/**
 * The `act_late` fault: a server that performs a request on its own schedule, after the client
 * may have given up, and answers late, drops the connection, or never answers.
 */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { scriptedResponse } from "./fault-responses";
import { pause } from "./fault-streams";
import type { Fault } from "./faults";
import type { EmulatorResponse } from "./http";

/** What the late action needs from the server around it. */
export interface LateActionHooks {
  /** Performs the request for real and returns the real response. */
  act(): EmulatorResponse;
  /** Sends a response, unless the client has gone. */
  send(response: EmulatorResponse): void;
  /** Aborts when the act must no longer happen: the emulator closes or is reset. */
  readonly cancelAct: AbortSignal;
  /** Aborts when the emulator closes; ends any wait for the answer. */
  readonly closing: AbortSignal;
}

/**
 * Serves `res` under an `act_late` fault, with all times counted from the call (the moment the
 * request, body included, was read). Acts at `actAfterMs` whatever became of the client; answers
 * per `fault.answer`. Resolves with the status sent, or 0 when nothing was (dropped, held, or the
 * client left first); the act may still be pending then.
 */
export async function serveLateAction(
  res: ServerResponse,
  fault: Fault,
  hooks: LateActionHooks,
): Promise<number> {
  const arrived = performance.now();
  const actAfterMs = fault.actAfterMs ?? 0;
  const answerAfterMs = fault.answerAfterMs ?? actAfterMs;
  let real: EmulatorResponse | undefined;
  const acting = sleep(actAfterMs, undefined, { signal: hooks.cancelAct }).then(
    () => {
      real = hooks.act();
    },
    () => undefined, // closed or reset before acting: the act never happens
  );
  const unanswered = (): number => {
    res.socket?.destroy();
    return 0;
  };
  if (fault.answer === "hold") {
    await pause(undefined, res, hooks.closing);
    return unanswered();
  }
  // An answer due after the act carries the act's real response.
  if (answerAfterMs >= actAfterMs) await acting;
  const remaining = Math.max(0, answerAfterMs - (performance.now() - arrived));
  const end = await pause(remaining, res, hooks.closing);
  if (end !== "elapsed" || fault.answer === "drop") return unanswered();
  const response = real ?? scriptedResponse(fault, 504);
  hooks.send(response);
  return response.status;
}
