/**
 * The emulated Nodion API under `/v1`: authenticate, match a route, translate between HTTP and
 * the store. No state lives here.
 */
import { authenticate } from "./auth";
import { isJsonObject } from "./fields";
import {
  errorsResponse,
  jsonResponse,
  notFound,
  parseJsonBody,
  type EmulatorRequest,
  type EmulatorResponse,
} from "./http";
import { parseLogQuery, selectLogLines } from "./log-query";
import { matchRoute, type Route } from "./router";
import type { DeploymentSnapshot, EmulatorStore, StoreResult } from "./store";
import type { AppRecord } from "./types";
import {
  applicationJson,
  deploymentJson,
  deploymentListItemJson,
  domainJson,
  logLineJson,
} from "./views";

/** Path prefix of the emulated API. */
export const API_PREFIX = "/v1";

/** What an API handler knows once the caller is authenticated. */
interface ApiContext {
  readonly store: EmulatorStore;
  /** The project the request acts in. */
  readonly projectId: string;
  /** See `ApiRequestOptions.listLagMs`. */
  readonly listLagMs: number;
}

/** How one API request is served, beyond the request itself (set by faults). */
export interface ApiRequestOptions {
  /**
   * A deployment list leaves out deployments younger than this (emulator clock), as a read
   * replica that lags behind the primary would. 0 (the default): lists are up to date.
   */
  readonly listLagMs?: number;
}

/** The deployments a list shows: all of them, unless a lag hides the newest. */
function visibleDeployments(
  deployments: readonly DeploymentSnapshot[],
  ctx: ApiContext,
): readonly DeploymentSnapshot[] {
  if (ctx.listLagMs <= 0) return deployments;
  const newest = ctx.store.now() - ctx.listLagMs;
  return deployments.filter((d) => Date.parse(d.record.createdAt) <= newest);
}

/** The app, if it exists in the caller's project; apps of other projects are "not found". */
function appInProject(ctx: ApiContext, appId: string): AppRecord | undefined {
  const app = ctx.store.getApp(appId);
  return app && app.projectId === ctx.projectId ? app : undefined;
}

function failure(result: Exclude<StoreResult<unknown>, { ok: true }>): EmulatorResponse {
  return result.reason === "not_found" ? notFound() : errorsResponse(400, result.errors);
}

/** Reads the optional trigger body: nothing, or an object with an optional `image_tag`. */
function readTriggerBody(body: string): { imageTag?: string } | EmulatorResponse {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return parsed.response;
  if (parsed.value === undefined || parsed.value === null) return {};
  if (!isJsonObject(parsed.value))
    return errorsResponse(400, ["Request body must be a JSON object"]);
  const tag = parsed.value.image_tag;
  if (tag === undefined || tag === null) return {};
  if (typeof tag !== "string") return errorsResponse(400, ["Image tag must be a string"]);
  return { imageTag: tag };
}

/**
 * A route under `/v1/applications/:id`. The one place that scopes apps to the caller's project:
 * an app of another project answers exactly like a missing one, before the body is looked at, so
 * no route can tell a caller that a foreign app exists.
 */
function appRoute(
  method: string,
  pattern: `/v1/applications/:id${string}`,
  handler: (req: EmulatorRequest, app: AppRecord, ctx: ApiContext) => EmulatorResponse,
): Route<ApiContext> {
  return {
    method,
    pattern,
    handler: (req, { id }, ctx) => {
      const app = appInProject(ctx, id);
      return app ? handler(req, app, ctx) : notFound();
    },
  };
}

const routes: readonly Route<ApiContext>[] = [
  {
    method: "GET",
    pattern: "/v1/applications",
    handler: (_req, _params, ctx) =>
      jsonResponse(200, { applications: ctx.store.listApps(ctx.projectId).map(applicationJson) }),
  },
  appRoute("GET", "/v1/applications/:id", (_req, app) =>
    jsonResponse(200, { application: applicationJson(app) }),
  ),
  appRoute("GET", "/v1/applications/:id/deployments", (_req, app, ctx) => {
    const result = ctx.store.listDeployments(app.id);
    if (!result.ok) return failure(result);
    const visible = visibleDeployments(result.value, ctx);
    return jsonResponse(200, { deployments: visible.map(deploymentListItemJson) });
  }),
  appRoute("POST", "/v1/applications/:id/deployments", (req, app, ctx) => {
    const body = readTriggerBody(req.body);
    if ("status" in body) return body;
    const result = ctx.store.triggerDeployment(app.id, body);
    if (!result.ok) return failure(result);
    // 200, not 201: the docs list 200 as the success code for a trigger.
    return jsonResponse(200, { deployment: deploymentJson(result.value) });
  }),
  appRoute("GET", "/v1/applications/:id/logs", (req, app, ctx) => {
    const parsed = parseLogQuery(req.query);
    if (!parsed.ok) return errorsResponse(400, parsed.errors);
    const result = ctx.store.listLogs(app.id);
    if (!result.ok) return failure(result);
    const lines = selectLogLines(result.value, parsed.query, ctx.store.now());
    return jsonResponse(200, { logs: lines.map(logLineJson) });
  }),
  appRoute("GET", "/v1/applications/:id/domains", (_req, app, ctx) => {
    const result = ctx.store.listDomains(app.id);
    if (!result.ok) return failure(result);
    return jsonResponse(200, { domains: result.value.map(domainJson) });
  }),
];

/** Answers one `/v1` request: 401/403 from auth, 404 for unknown routes, else the handler. */
export function handleApiRequest(
  store: EmulatorStore,
  req: EmulatorRequest,
  options: ApiRequestOptions = {},
): EmulatorResponse {
  const auth = authenticate(store, req.headers, req.method);
  if (!auth.ok) return auth.response;
  const match = matchRoute(routes, req.method, req.path);
  if (!match) return notFound();
  return match.route.handler(req, match.params, {
    store,
    projectId: auth.projectId,
    listLagMs: options.listLagMs ?? 0,
  });
}
