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
import { matchRoute, type Route } from "./router";
import type { EmulatorStore, StoreResult } from "./store";
import type { AppRecord } from "./types";
import { applicationJson, deploymentJson, deploymentListItemJson } from "./views";

/** Path prefix of the emulated API. */
export const API_PREFIX = "/v1";

/** What an API handler knows once the caller is authenticated. */
interface ApiContext {
  readonly store: EmulatorStore;
  /** The project the request acts in. */
  readonly projectId: string;
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

const routes: readonly Route<ApiContext>[] = [
  {
    method: "GET",
    pattern: "/v1/applications",
    handler: (_req, _params, ctx) =>
      jsonResponse(200, { applications: ctx.store.listApps(ctx.projectId).map(applicationJson) }),
  },
  {
    method: "GET",
    pattern: "/v1/applications/:id",
    handler: (_req, { id }, ctx) => {
      const app = appInProject(ctx, id);
      return app ? jsonResponse(200, { application: applicationJson(app) }) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/v1/applications/:id/deployments",
    handler: (_req, { id }, ctx) => {
      if (!appInProject(ctx, id)) return notFound();
      const result = ctx.store.listDeployments(id);
      if (!result.ok) return failure(result);
      return jsonResponse(200, { deployments: result.value.map(deploymentListItemJson) });
    },
  },
  {
    method: "POST",
    pattern: "/v1/applications/:id/deployments",
    handler: (req, { id }, ctx) => {
      if (!appInProject(ctx, id)) return notFound();
      const body = readTriggerBody(req.body);
      if ("status" in body) return body;
      const result = ctx.store.triggerDeployment(id, body);
      if (!result.ok) return failure(result);
      // 200, not 201: the docs list 200 as the success code for a trigger.
      return jsonResponse(200, { deployment: deploymentJson(result.value) });
    },
  },
];

/** Answers one `/v1` request: 401/403 from auth, 404 for unknown routes, else the handler. */
export function handleApiRequest(store: EmulatorStore, req: EmulatorRequest): EmulatorResponse {
  const auth = authenticate(store, req.headers, req.method);
  if (!auth.ok) return auth.response;
  const match = matchRoute(routes, req.method, req.path);
  if (!match) return notFound();
  return match.route.handler(req, match.params, { store, projectId: auth.projectId });
}
