/**
 * The control plane under `/_emulator`: reset, seed, simulated pushes, per-app behaviour, clock,
 * faults and the request log. The real Nodion API has nothing here; no auth is required.
 */
import type { EmulatorClock } from "./clock";
import { toNodionTimestamp } from "./clock";
import { Fields } from "./fields";
import { parseFaultSpec, type FaultQueue } from "./faults";
import {
  errorsResponse,
  jsonResponse,
  notFound,
  parseJsonBody,
  type EmulatorRequest,
  type EmulatorResponse,
} from "./http";
import { deploymentStatus } from "./lifecycle";
import type { RequestLog } from "./request-log";
import { matchRoute, type Route } from "./router";
import { GIT_SHA_PATTERN, parseSeed, readBehaviour, TIMESTAMP } from "./seed-validation";
import type { EmulatorStore, StoreResult } from "./store";

/** Path prefix of the control plane. */
export const CONTROL_PREFIX = "/_emulator";

/** Replaces key tokens in `GET /_emulator/state`. */
export const REDACTED = "[redacted]";

/** What the control plane can reach. */
export interface ControlContext {
  readonly store: EmulatorStore;
  readonly faults: FaultQueue;
  readonly requestLog: RequestLog;
  readonly clock: EmulatorClock;
  /** Restores the configured seed and forgets faults, request log, rate-limit buckets and clock offset. */
  reset(): void;
  /** Saves the state file, for changes the store does not see (the clock offset). */
  persist(): void;
}

const ok = (value: Record<string, unknown> = {}): EmulatorResponse =>
  jsonResponse(200, { ok: true, ...value });

function withJsonBody(
  req: EmulatorRequest,
  use: (value: unknown) => EmulatorResponse,
): EmulatorResponse {
  const parsed = parseJsonBody(req.body);
  return parsed.ok ? use(parsed.value ?? {}) : parsed.response;
}

function fromStore<T>(result: StoreResult<T>, key: string): EmulatorResponse {
  if (result.ok) return jsonResponse(200, { [key]: result.value });
  return result.reason === "not_found" ? notFound() : errorsResponse(400, result.errors);
}

function clockJson(clock: EmulatorClock): Record<string, unknown> {
  return { now: toNodionTimestamp(clock.now()), nowMs: clock.now(), offsetMs: clock.offsetMs };
}

function stateJson(ctx: ControlContext): Record<string, unknown> {
  const state = ctx.store.snapshot();
  const now = ctx.store.now();
  const deployments = state.deployments.map((d) => ({
    ...d,
    status: deploymentStatus(
      { createdAtMs: Date.parse(d.createdAt), buildMs: d.buildMs, outcome: d.outcome },
      now,
    ),
  }));
  // Tokens stay out of the dump so it can be printed in CI logs; the state file keeps them.
  const keys = state.keys.map((key) => ({ ...key, token: REDACTED }));
  return { state: { ...state, keys, deployments }, clock: clockJson(ctx.clock) };
}

const routes: readonly Route<ControlContext>[] = [
  { method: "GET", pattern: "/_emulator/health", handler: () => ok() },
  {
    method: "POST",
    pattern: "/_emulator/reset",
    handler: (_req, _params, ctx) => {
      ctx.reset();
      return ok();
    },
  },
  {
    method: "POST",
    pattern: "/_emulator/seed",
    handler: (req, _params, ctx) =>
      withJsonBody(req, (value) => {
        const parsed = parseSeed(value, toNodionTimestamp(ctx.store.now()));
        if (!parsed.ok) return errorsResponse(400, parsed.errors);
        ctx.store.replace(parsed.state);
        return ok();
      }),
  },
  {
    method: "POST",
    pattern: "/_emulator/apps/:id/push",
    handler: (req, { id }, ctx) =>
      withJsonBody(req, (value) => {
        const errors: string[] = [];
        const f = new Fields(value, "push", errors);
        const input = {
          sha: f.optionalString("sha", GIT_SHA_PATTERN),
          message: f.optionalString("message"),
          committerName: f.optionalString("committerName"),
          committerEmail: f.optionalString("committerEmail"),
          committerUsername: f.optionalString("committerUsername"),
        };
        if (errors.length > 0) return errorsResponse(400, errors);
        return fromStore(ctx.store.pushCommit(id, input), "commit");
      }),
  },
  {
    method: "POST",
    pattern: "/_emulator/apps/:id/logs",
    handler: (req, { id }, ctx) =>
      withJsonBody(req, (value) => {
        const errors: string[] = [];
        const lines = new Fields(value, "logs", errors).array("lines", (v, p) => {
          const line = new Fields(v, p, errors);
          return {
            msg: line.string("msg"),
            instanceId: line.optionalString("instanceId"),
            ts: line.optionalString("ts", TIMESTAMP),
          };
        });
        if (errors.length > 0) return errorsResponse(400, errors);
        const input = lines.map(({ msg, instanceId, ts }) => ({
          msg,
          ...(instanceId !== undefined && { instanceId }),
          ...(ts !== undefined && { ts }),
        }));
        return fromStore(ctx.store.writeLogs(id, input), "logs");
      }),
  },
  {
    method: "PUT",
    pattern: "/_emulator/apps/:id/behaviour",
    handler: (req, { id }, ctx) =>
      withJsonBody(req, (value) => {
        const errors: string[] = [];
        const behaviour = readBehaviour(value, "behaviour", errors);
        if (errors.length > 0) return errorsResponse(400, errors);
        return fromStore(ctx.store.setBehaviour(id, behaviour), "behaviour");
      }),
  },
  {
    method: "GET",
    pattern: "/_emulator/clock",
    handler: (_req, _params, ctx) => jsonResponse(200, clockJson(ctx.clock)),
  },
  {
    method: "POST",
    pattern: "/_emulator/clock/advance",
    handler: (req, _params, ctx) =>
      withJsonBody(req, (value) => {
        const errors: string[] = [];
        const ms = new Fields(value, "clock", errors).number(
          "ms",
          undefined,
          0,
          Number.MAX_SAFE_INTEGER,
        );
        if (errors.length > 0) return errorsResponse(400, errors);
        ctx.clock.advance(ms);
        ctx.persist();
        return jsonResponse(200, clockJson(ctx.clock));
      }),
  },
  {
    method: "GET",
    pattern: "/_emulator/faults",
    handler: (_req, _p, ctx) => jsonResponse(200, { faults: ctx.faults.list() }),
  },
  {
    method: "POST",
    pattern: "/_emulator/faults",
    handler: (req, _params, ctx) =>
      withJsonBody(req, (value) => {
        const parsed = parseFaultSpec(value);
        if (!parsed.ok) return errorsResponse(400, parsed.errors);
        return jsonResponse(200, { fault: ctx.faults.add(parsed.spec) });
      }),
  },
  {
    method: "DELETE",
    pattern: "/_emulator/faults",
    handler: (_req, _params, ctx) => {
      ctx.faults.clear();
      return ok();
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/requests",
    handler: (_req, _params, ctx) => jsonResponse(200, { requests: ctx.requestLog.list() }),
  },
  {
    method: "DELETE",
    pattern: "/_emulator/requests",
    handler: (_req, _params, ctx) => {
      ctx.requestLog.clear();
      return ok();
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/state",
    handler: (_req, _params, ctx) => jsonResponse(200, stateJson(ctx)),
  },
];

/** Answers one `/_emulator` request. */
export function handleControlRequest(ctx: ControlContext, req: EmulatorRequest): EmulatorResponse {
  const match = matchRoute(routes, req.method, req.path);
  return match ? match.route.handler(req, match.params, ctx) : notFound();
}
