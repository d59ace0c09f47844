/**
 * API keys, scopes and project selection. Decides, from the headers alone, which project a
 * request acts in, or which 401/403 it gets.
 */
import type { IncomingHttpHeaders } from "node:http";
import { errorsResponse, statusResponse, type EmulatorResponse } from "./http";
import type { EmulatorStore } from "./store";
import type { ApiKeyRecord, Scope } from "./types";

/** Header a user key uses to pick a project. */
export const PROJECT_HEADER = "x-nodion-project";

/** Who is calling and in which project, or the response that refuses them. */
export type AuthResult =
  | { readonly ok: true; readonly key: ApiKeyRecord; readonly projectId: string }
  | { readonly ok: false; readonly response: EmulatorResponse };

/** The scope a method needs: `read` for GET/HEAD, `write` for anything else. */
export function requiredScope(method: string): Scope {
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** The token of an `Authorization: Bearer <token>` header, if well-formed. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text === "" ? undefined : text;
}

const unauthorized = (): AuthResult => ({ ok: false, response: statusResponse(401) });
const forbidden = (message: string): AuthResult => ({
  ok: false,
  response: errorsResponse(403, [message]),
});

/**
 * Authenticates a request and selects its project.
 * - missing, malformed, unknown or expired key → 401;
 * - project key → its own project (`X-Nodion-Project` ignored);
 * - user key → 403 without the needed scope; otherwise `X-Nodion-Project` or the key's default
 *   project, 403 when that project is unknown or outside the key's allow-list.
 */
export function authenticate(
  store: Pick<EmulatorStore, "findKey" | "hasProject" | "now">,
  headers: IncomingHttpHeaders,
  method: string,
): AuthResult {
  const token = bearerToken(headers);
  const key = token === undefined ? undefined : store.findKey(token);
  if (!key) return unauthorized();
  if (key.kind === "project") return { ok: true, key, projectId: key.projectId };
  if (key.expiresAt !== undefined && store.now() >= Date.parse(key.expiresAt))
    return unauthorized();
  const scope = requiredScope(method);
  if (!key.scopes.includes(scope)) return forbidden(`API key lacks the "${scope}" scope`);
  const projectId = headerValue(headers, PROJECT_HEADER) ?? key.defaultProjectId;
  const allowed = key.allowedProjects === undefined || key.allowedProjects.includes(projectId);
  if (!allowed || !store.hasProject(projectId)) {
    return forbidden(`API key is not allowed to access project ${projectId}`);
  }
  return { ok: true, key, projectId };
}
