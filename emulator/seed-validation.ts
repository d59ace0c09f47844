/**
 * Reads an untrusted seed or state (a `--seed` file, a state file, a `POST /_emulator/seed` body)
 * into an `EmulatorState`, filling documented defaults and collecting every problem at once.
 */
import { Fields } from "./fields";
import { isValidImageTag } from "./images";
import { SEED_INSTANCE_TYPE_ID, SEED_REGION } from "./seed";
import type {
  ApiKeyRecord,
  AppRecord,
  Behaviour,
  Commit,
  DeploymentRecord,
  DomainRecord,
  EmulatorState,
  LogRecord,
  ProjectRecord,
  Region,
  Scope,
} from "./types";

/** The outcome of reading a seed: the state, or every problem found. */
export type SeedParseResult =
  | { readonly ok: true; readonly state: EmulatorState }
  | { readonly ok: false; readonly errors: readonly string[] };

/** A git sha: 40 lowercase hex characters. */
export const GIT_SHA_PATTERN = /^[0-9a-f]{40}$/;

const FAIL_MODES = ["none", "always", "on_sha", "on_tag", "expire"] as const;
/** An ISO 8601 timestamp with seconds and a zone (`Z` or an offset). */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_BUILD_MS = 24 * 60 * 60 * 1000;

/** Reads a behaviour object (shared with `PUT /_emulator/apps/:id/behaviour`). */
export function readBehaviour(value: unknown, path: string, errors: string[]): Behaviour {
  const f = new Fields(value, path, errors);
  const failMode = f.oneOf("failMode", FAIL_MODES, "none");
  const failOn = f.optionalString("failOn");
  if ((failMode === "on_sha" || failMode === "on_tag") && failOn === undefined) {
    errors.push(`${path}.failOn is required when failMode is "${failMode}"`);
  }
  if (failMode === "on_sha" && failOn !== undefined && !GIT_SHA_PATTERN.test(failOn)) {
    errors.push(`${path}.failOn must be a 40-character lowercase hex sha`);
  }
  const buildMs = f.optionalNumber("buildMs", 0, MAX_BUILD_MS);
  return {
    failMode,
    ...(failOn !== undefined && { failOn }),
    ...(buildMs !== undefined && { buildMs }),
  };
}

function readCommit(value: unknown, path: string, errors: string[]): Commit {
  const f = new Fields(value, path, errors);
  return {
    sha: f.string("sha", undefined, GIT_SHA_PATTERN),
    message: f.string("message"),
    committerName: f.string("committerName", "Emu Lator"),
    committerEmail: f.string("committerEmail", "emulator@example.com"),
    committerUsername: f.string("committerUsername", "emulator"),
    timestamp: f.string("timestamp", undefined, TIMESTAMP),
  };
}

function readRegion(value: unknown, path: string, errors: string[]): Region {
  const f = new Fields(value, path, errors);
  return { id: f.string("id"), name: f.string("name"), slug: f.string("slug") };
}

function readSource(value: unknown, path: string, errors: string[]): AppRecord["source"] {
  const f = new Fields(value, path, errors);
  const kind = f.oneOf("kind", ["git", "image"] as const);
  if (kind === "git") {
    const commits = f.array("commits", (c, p) => readCommit(c, p, errors));
    if (commits.length === 0) errors.push(`${path}.commits must hold at least one commit`);
    return { kind, branch: f.string("branch", "main"), commits };
  }
  const imageTag = f.string("imageTag");
  if (imageTag !== "" && !isValidImageTag(imageTag))
    errors.push(`${path}.imageTag is not a valid tag`);
  return {
    kind,
    registry: f.string("registry", "docker.io"),
    imageName: f.string("imageName"),
    imageTag,
    containerRegistryId: f.nullableString("containerRegistryId"),
  };
}

function readApp(value: unknown, path: string, errors: string[], createdAt: string): AppRecord {
  const f = new Fields(value, path, errors);
  return {
    id: f.string("id"),
    projectId: f.string("projectId"),
    name: f.string("name"),
    status: f.string("status", "online"),
    state: f.string("state", "default"),
    instanceAmount: f.number("instanceAmount", 1, 0, 16),
    instanceTypeId: f.string("instanceTypeId", SEED_INSTANCE_TYPE_ID),
    region: f.has("region") ? readRegion(f.raw("region"), f.at("region"), errors) : SEED_REGION,
    createdAt: f.string("createdAt", createdAt, TIMESTAMP),
    source: readSource(f.raw("source"), f.at("source"), errors),
    behaviour: readBehaviour(f.raw("behaviour") ?? {}, f.at("behaviour"), errors),
    domains: f.array("domains", (v, p) => readDomain(v, p, errors, createdAt), []),
  };
}

function readDomain(
  value: unknown,
  path: string,
  errors: string[],
  createdAt: string,
): DomainRecord {
  const f = new Fields(value, path, errors);
  return {
    id: f.string("id"),
    domainName: f.string("domainName"),
    domainType: f.oneOf("domainType", ["sub", "main"] as const, "sub"),
    status: f.string("status", "verified"),
    verificationCode: f.string("verificationCode", "nodion-verify-emulator"),
    createdAt: f.string("createdAt", createdAt, TIMESTAMP),
  };
}

/** Reads a log line an app wrote (shared with `POST /_emulator/apps/:id/logs`). */
export function readLogRecord(value: unknown, path: string, errors: string[]): LogRecord {
  const f = new Fields(value, path, errors);
  return {
    appId: f.string("appId"),
    instanceId: f.string("instanceId"),
    ts: f.string("ts", undefined, TIMESTAMP),
    msg: f.string("msg"),
  };
}

function readKey(value: unknown, path: string, errors: string[]): ApiKeyRecord {
  const f = new Fields(value, path, errors);
  const kind = f.oneOf("kind", ["project", "user"] as const);
  const token = f.string("token");
  const name = f.string("name", "key");
  if (kind === "project") return { kind, token, name, projectId: f.string("projectId") };
  const allowed = f.has("allowedProjects")
    ? f.array("allowedProjects", (v, p) => readId(v, p, errors))
    : undefined;
  const expiresAt = f.optionalString("expiresAt", TIMESTAMP);
  return {
    kind,
    token,
    name,
    scopes: f.array("scopes", (v, p) => readScope(v, p, errors)),
    defaultProjectId: f.string("defaultProjectId"),
    ...(allowed !== undefined && { allowedProjects: allowed }),
    ...(expiresAt !== undefined && { expiresAt }),
  };
}

function readScope(value: unknown, path: string, errors: string[]): Scope {
  if (value === "read" || value === "write") return value;
  errors.push(`${path} must be "read" or "write"`);
  return "read";
}

function readId(value: unknown, path: string, errors: string[]): string {
  if (typeof value === "string") return value;
  errors.push(`${path} must be a string`);
  return "";
}

function readProject(value: unknown, path: string, errors: string[]): ProjectRecord {
  const f = new Fields(value, path, errors);
  return { id: f.string("id"), name: f.string("name", "project") };
}

function readDeployment(value: unknown, path: string, errors: string[]): DeploymentRecord {
  const f = new Fields(value, path, errors);
  return {
    id: f.string("id"),
    appId: f.string("appId"),
    deployNumber: f.number("deployNumber", undefined, 1, Number.MAX_SAFE_INTEGER),
    gitSha: f.nullableString("gitSha"),
    commitMessage: f.string("commitMessage"),
    committerName: f.string("committerName"),
    committerEmail: f.string("committerEmail"),
    committerUsername: f.string("committerUsername"),
    commitTimestamp: f.string("commitTimestamp", undefined, TIMESTAMP),
    strategy: f.oneOf("strategy", ["dockerfile", "prebuilt_image"] as const),
    imageReference: f.nullableString("imageReference"),
    imageTag: f.nullableString("imageTag"),
    createdAt: f.string("createdAt", undefined, TIMESTAMP),
    buildMs: f.number("buildMs", undefined, 0, MAX_BUILD_MS),
    outcome: f.oneOf("outcome", ["available", "failed", "expired"] as const),
  };
}

function checkReferences(state: EmulatorState, errors: string[]): void {
  const projects = new Set(state.projects.map((p) => p.id));
  const apps = new Set(state.apps.map((a) => a.id));
  const duplicates = (ids: readonly string[], what: string): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) errors.push(`duplicate ${what} ${JSON.stringify(id)}`);
      seen.add(id);
    }
  };
  duplicates(
    state.projects.map((p) => p.id),
    "project id",
  );
  duplicates(
    state.apps.map((a) => a.id),
    "app id",
  );
  duplicates(
    state.keys.map((k) => k.token),
    "key token",
  );
  duplicates(
    state.deployments.map((d) => d.id),
    "deployment id",
  );
  duplicates(
    state.deployments.map((d) => `${d.appId}#${d.deployNumber}`),
    "deploy number",
  );
  for (const app of state.apps) {
    if (!projects.has(app.projectId))
      errors.push(`app ${app.id} names unknown project ${app.projectId}`);
  }
  for (const key of state.keys) {
    const named =
      key.kind === "project"
        ? [key.projectId]
        : [key.defaultProjectId, ...(key.allowedProjects ?? [])];
    for (const id of named)
      if (!projects.has(id)) errors.push(`key ${key.name} names unknown project ${id}`);
  }
  for (const d of state.deployments) {
    if (!apps.has(d.appId)) errors.push(`deployment ${d.id} names unknown app ${d.appId}`);
  }
  for (const l of state.logs ?? []) {
    if (!apps.has(l.appId)) errors.push(`a log line names unknown app ${l.appId}`);
  }
}

/**
 * Reads `value` as a seed or state.
 * @param createdAt timestamp given to apps that have none.
 */
export function parseSeed(value: unknown, createdAt: string): SeedParseResult {
  const errors: string[] = [];
  const f = new Fields(value, "seed", errors);
  const state: EmulatorState = {
    projects: f.array("projects", (v, p) => readProject(v, p, errors)),
    keys: f.array("keys", (v, p) => readKey(v, p, errors)),
    apps: f.array("apps", (v, p) => readApp(v, p, errors, createdAt)),
    deployments: f.array("deployments", (v, p) => readDeployment(v, p, errors), []),
    logs: f.array("logs", (v, p) => readLogRecord(v, p, errors), []),
  };
  if (errors.length === 0) checkReferences(state, errors);
  return errors.length === 0 ? { ok: true, state } : { ok: false, errors };
}
