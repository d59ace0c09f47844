/**
 * Connection settings (key, base URL, project, request timeout, plain-http opt-in), read once from
 * resource inputs, stack config and the environment into a {@link Connection} or a list of
 * problems. Nothing else in the provider reads those settings or re-validates them.
 *
 * @packageDocumentation
 */
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, NodionClient, normaliseBaseUrl } from "../client";
import type { DeploymentInputs } from "./args";
import { baseUrlProblem, projectIdProblem } from "./validate";

/** Provider-wide settings from stack config (`nodion:*`), received in `configure`. */
export interface ProviderConfig {
  /**
   * The Nodion API key (a project key, or a user key with `write` scope). Kept secret: set it with
   * `pulumi config set --secret nodion:apiKey <key>`; when unset, `NODION_API_KEY` is used. Never an
   * input of a deployment.
   */
  readonly apiKey?: string;
  /**
   * The API base URL, such as `https://api.nodion.com/v1`; when unset, `NODION_API_URL`, then
   * Nodion's v1 URL. Plain http is accepted only to this machine (loopback).
   */
  readonly baseUrl?: string;
  /**
   * The project (UUID) a user API key acts in, sent as `X-Nodion-Project`; when unset,
   * `NODION_PROJECT_ID`, then the key's default project. Project keys ignore it.
   */
  readonly projectId?: string;
}

/** The shape of the config object the dynamic-provider host hands to `configure`. */
export interface ConfigSource {
  get(key: string): unknown;
}

/** Reads `nodion:apiKey`, `nodion:baseUrl` and `nodion:projectId` from stack config. */
export function configFrom(source: ConfigSource): ProviderConfig {
  const str = (key: string): string | undefined => {
    const v = source.get(`nodion:${key}`);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  return { apiKey: str("apiKey"), baseUrl: str("baseUrl"), projectId: str("projectId") };
}

/** Where the API key comes from, named as the user sets it; never the key itself. */
export type KeySource = "nodion:apiKey" | "NODION_API_KEY";

/** Where the base URL comes from, named as the user sets it (for error messages). */
export type BaseUrlSource = "baseUrl" | "nodion:baseUrl" | "NODION_API_URL" | "default";

/** Where the project id comes from, named as the user sets it (for error messages). */
export type ProjectSource = "projectId" | "nodion:projectId" | "NODION_PROJECT_ID";

/**
 * The environment variable that sets the per-request timeout in milliseconds (default: the SDK's
 * 30 s). An environment variable rather than an input or stack config because it tunes how this
 * machine talks to the API (a slow proxy, a test emulator), not what the stack deploys, and an
 * input would be written into state and diffed.
 */
export const REQUEST_TIMEOUT_ENV = "NODION_REQUEST_TIMEOUT_MS";

/** The longest accepted {@link REQUEST_TIMEOUT_ENV}: ten minutes. */
export const MAX_REQUEST_TIMEOUT_MS = 600_000;

/**
 * The environment variable that sets the observation window in milliseconds: how long, after a
 * POST whose outcome is unknown, the provider watches the deployment list for the deployment it
 * may have made before it may POST again. Default: the request timeout or the SDK's
 * `MIN_OUTCOME_WINDOW_MS` (30 s), whichever is longer; a shorter request timeout never shortens
 * it. At least the request timeout, at most ten minutes. A value below 30 s trusts the API to
 * commit every POST within it: one committed later is deployed twice (and reported).
 */
export const OUTCOME_WINDOW_ENV = "NODION_OUTCOME_WINDOW_MS";

/** Everything needed to talk to Nodion for one resource, parsed and checked. */
export interface Connection {
  readonly apiKey: string;
  readonly keySource: KeySource;
  readonly baseUrl: string;
  readonly baseUrlSource: BaseUrlSource;
  readonly projectId?: string;
  readonly projectSource?: ProjectSource;
  /** From {@link REQUEST_TIMEOUT_ENV}; the SDK's default when absent. */
  readonly requestTimeoutMs?: number;
  /** From {@link OUTCOME_WINDOW_ENV}; the SDK's default when absent. */
  readonly outcomeWindowMs?: number;
}

/** A connection setting that must not be used, named as the user sets it. */
export interface ConnectionProblem {
  readonly property: string;
  readonly reason: string;
}

/** A {@link Connection}, or every reason there is none. */
export type ParsedConnection =
  | { readonly ok: true; readonly connection: Connection }
  | { readonly ok: false; readonly problems: readonly ConnectionProblem[] };

/** The message for a missing key; names both ways to provide one. */
export const MISSING_KEY =
  "no Nodion API key: run `pulumi config set --secret nodion:apiKey <key>` or set NODION_API_KEY";

/**
 * Reads the connection for a resource: inputs first, then stack config, then the environment.
 * The base URL and project id are checked wherever they came from: a plain-http URL from stack
 * config or NODION_API_URL would send the key in clear just as an input would, and a project id
 * with a line break would corrupt a request header.
 */
export function parseConnection(
  inputs: Pick<DeploymentInputs, "baseUrl" | "projectId">,
  config: ProviderConfig,
  env: NodeJS.ProcessEnv = process.env,
): ParsedConnection {
  const problems: ConnectionProblem[] = [];
  const envKey = env.NODION_API_KEY || undefined;
  const apiKey = config.apiKey ?? envKey;
  const keySource: KeySource = config.apiKey !== undefined ? "nodion:apiKey" : "NODION_API_KEY";
  if (apiKey === undefined) {
    problems.push({ property: "apiKey", reason: MISSING_KEY });
  } else if (![...apiKey].every((c) => c >= "!" && c <= "~")) {
    // Never echo the key: say only where it came from.
    problems.push({
      property: keySource,
      reason: `the API key from ${keySource} contains spaces, line breaks or non-ASCII characters; set it again without them`,
    });
  }

  const [baseUrl, baseUrlSource] = pick<BaseUrlSource>([
    [inputs.baseUrl, "baseUrl"],
    [config.baseUrl, "nodion:baseUrl"],
    [env.NODION_API_URL || undefined, "NODION_API_URL"],
  ]) ?? [DEFAULT_BASE_URL, "default"];
  const urlProblem = baseUrlProblem(baseUrl, env);
  if (urlProblem !== undefined) problems.push({ property: baseUrlSource, reason: urlProblem });

  const project = pick<ProjectSource>([
    [inputs.projectId, "projectId"],
    [config.projectId, "nodion:projectId"],
    [env.NODION_PROJECT_ID || undefined, "NODION_PROJECT_ID"],
  ]);
  const projectProblem = project && projectIdProblem(project[0], project[1]);
  if (projectProblem) problems.push({ property: project[1], reason: projectProblem });

  const rawTimeout = env[REQUEST_TIMEOUT_ENV] || undefined;
  const requestTimeoutMs = rawTimeout === undefined ? undefined : parseTimeout(rawTimeout);
  if (rawTimeout !== undefined && requestTimeoutMs === undefined) {
    problems.push({
      property: REQUEST_TIMEOUT_ENV,
      reason: `${REQUEST_TIMEOUT_ENV} must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}, got ${JSON.stringify(rawTimeout.slice(0, 40))}`,
    });
  }

  const rawWindow = env[OUTCOME_WINDOW_ENV] || undefined;
  const outcomeWindowMs = rawWindow === undefined ? undefined : parseTimeout(rawWindow);
  const timeoutInForce = requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (rawWindow !== undefined && outcomeWindowMs === undefined) {
    problems.push({
      property: OUTCOME_WINDOW_ENV,
      reason: `${OUTCOME_WINDOW_ENV} must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}, got ${JSON.stringify(rawWindow.slice(0, 40))}`,
    });
  } else if (outcomeWindowMs !== undefined && outcomeWindowMs < timeoutInForce) {
    problems.push({
      property: OUTCOME_WINDOW_ENV,
      reason: `${OUTCOME_WINDOW_ENV} (${outcomeWindowMs} ms) must be at least the request timeout (${timeoutInForce} ms${requestTimeoutMs === undefined ? ", the default" : ` from ${REQUEST_TIMEOUT_ENV}`}): a server still working on a request when the client gave up may take that long again`,
    });
  }

  if (problems.length > 0 || apiKey === undefined) return { ok: false, problems };
  return {
    ok: true,
    connection: {
      apiKey,
      keySource,
      baseUrl,
      baseUrlSource,
      ...(project && { projectId: project[0], projectSource: project[1] }),
      ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
      ...(outcomeWindowMs !== undefined && { outcomeWindowMs }),
    },
  };
}

/** The first value that is set, with its source. */
function pick<S>(candidates: [string | undefined, S][]): [string, S] | undefined {
  for (const [value, source] of candidates) if (value !== undefined) return [value, source];
  return undefined;
}

function parseTimeout(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (!/^\d{1,7}$/.test(trimmed)) return undefined;
  const ms = Number(trimmed);
  return ms >= 1 && ms <= MAX_REQUEST_TIMEOUT_MS ? ms : undefined;
}

/** Describes the project a connection selects, for messages: never the key. */
export function describeProject(connection: Connection): string {
  return connection.projectId === undefined
    ? "no project id (a user key then uses its default project)"
    : `project ${connection.projectId} (from ${connection.projectSource})`;
}

const clients = new Map<string, NodionClient>();

/** One client per connection for the life of the provider process (safe to lose). */
export function clientFor(connection: Connection): NodionClient {
  // Normalised so that spellings of one API (a trailing `/`) share one client; the SDK's trigger
  // claims are shared per API anyway, this just avoids a second client.
  const key = JSON.stringify([
    normaliseBaseUrl(connection.baseUrl),
    connection.projectId ?? "",
    connection.apiKey,
    connection.requestTimeoutMs ?? 0,
    connection.outcomeWindowMs ?? 0,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = new NodionClient({
      apiKey: connection.apiKey,
      baseUrl: connection.baseUrl,
      projectId: connection.projectId,
      ...(connection.requestTimeoutMs !== undefined && {
        timeoutMs: connection.requestTimeoutMs,
      }),
      ...(connection.outcomeWindowMs !== undefined && {
        outcomeWindowMs: connection.outcomeWindowMs,
      }),
    });
    clients.set(key, client);
  }
  return client;
}
