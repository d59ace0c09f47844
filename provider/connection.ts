import { DEFAULT_BASE_URL, NodionClient, normaliseBaseUrl } from "../sdk";
import type { DeploymentInputs } from "./args";
import { baseUrlProblem } from "./validate";

/** Provider-wide settings from stack config (`nodion:*`), received in `configure`. */
export interface ProviderConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
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

/** Where the API key comes from; never the key itself. */
export type KeySource = "config" | "environment";

/** Where the base URL comes from, named as the user sets it (for error messages). */
export type BaseUrlSource = "baseUrl" | "nodion:baseUrl" | "NODION_API_URL" | "default";

/**
 * The environment variable that sets the per-request timeout in milliseconds (default: the SDK's
 * 30 s). An environment variable rather than an input or stack config because it tunes how this
 * machine talks to the API (a slow proxy, a test emulator), not what the stack deploys, and an
 * input would be written into state and diffed.
 */
export const REQUEST_TIMEOUT_ENV = "NODION_REQUEST_TIMEOUT_MS";

/** The longest accepted {@link REQUEST_TIMEOUT_ENV}: ten minutes. */
export const MAX_REQUEST_TIMEOUT_MS = 600_000;

/** Everything needed to talk to Nodion for one resource. */
export interface Connection {
  readonly apiKey: string;
  readonly keySource: KeySource;
  readonly baseUrl: string;
  readonly baseUrlSource: BaseUrlSource;
  readonly projectId?: string;
  /** The raw {@link REQUEST_TIMEOUT_ENV} value, when set; see {@link connectionProblems}. */
  readonly requestTimeout?: string;
}

/** The message for a missing key; names both ways to provide one. */
export const MISSING_KEY =
  "no Nodion API key: run `pulumi config set --secret nodion:apiKey <key>` or set NODION_API_KEY";

/**
 * Resolves the connection for a resource: inputs first, then stack config, then the environment.
 * Returns undefined when there is no API key anywhere.
 */
export function resolveConnection(
  inputs: Pick<DeploymentInputs, "baseUrl" | "projectId">,
  config: ProviderConfig,
  env: NodeJS.ProcessEnv = process.env,
): Connection | undefined {
  const envKey = env.NODION_API_KEY || undefined;
  const apiKey = config.apiKey ?? envKey;
  if (apiKey === undefined) return undefined;
  const envUrl = env.NODION_API_URL || undefined;
  const [baseUrl, baseUrlSource]: [string, BaseUrlSource] =
    inputs.baseUrl !== undefined
      ? [inputs.baseUrl, "baseUrl"]
      : config.baseUrl !== undefined
        ? [config.baseUrl, "nodion:baseUrl"]
        : envUrl !== undefined
          ? [envUrl, "NODION_API_URL"]
          : [DEFAULT_BASE_URL, "default"];
  const requestTimeout = env[REQUEST_TIMEOUT_ENV] || undefined;
  return {
    apiKey,
    keySource: config.apiKey !== undefined ? "config" : "environment",
    baseUrl,
    baseUrlSource,
    projectId: inputs.projectId ?? config.projectId ?? (env.NODION_PROJECT_ID || undefined),
    ...(requestTimeout !== undefined && { requestTimeout }),
  };
}

/** A connection setting that must not be used, named as the user sets it. */
export interface ConnectionProblem {
  readonly property: string;
  readonly reason: string;
}

/**
 * Why `connection` must not be used. The base URL is checked wherever it came from: a plain-http
 * URL from stack config or NODION_API_URL would send the key in clear just as an input would
 * (inputs are also checked at preview by `validateInputs`, so `check` skips those).
 */
export function connectionProblems(connection: Connection): ConnectionProblem[] {
  const problems: ConnectionProblem[] = [];
  const urlProblem = baseUrlProblem(connection.baseUrl);
  if (urlProblem !== undefined) {
    problems.push({ property: connection.baseUrlSource, reason: urlProblem });
  }
  if (connection.requestTimeout !== undefined && requestTimeoutMs(connection) === undefined) {
    problems.push({
      property: REQUEST_TIMEOUT_ENV,
      reason: `${REQUEST_TIMEOUT_ENV} must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}, got "${connection.requestTimeout.slice(0, 40)}"`,
    });
  }
  return problems;
}

/** The per-request timeout from {@link REQUEST_TIMEOUT_ENV}, or undefined (unset or invalid). */
function requestTimeoutMs(connection: Connection): number | undefined {
  const raw = connection.requestTimeout?.trim();
  if (raw === undefined || !/^\d{1,7}$/.test(raw)) return undefined;
  const ms = Number(raw);
  return ms >= 1 && ms <= MAX_REQUEST_TIMEOUT_MS ? ms : undefined;
}

const clients = new Map<string, NodionClient>();

/** One client per connection for the life of the provider process (safe to lose). */
export function clientFor(connection: Connection): NodionClient {
  const timeoutMs = requestTimeoutMs(connection);
  // Normalised so that spellings of one API (a trailing `/`) share one client; the SDK's trigger
  // claims are shared per API anyway, this just avoids a second client.
  const key = JSON.stringify([
    normaliseBaseUrl(connection.baseUrl),
    connection.projectId ?? "",
    connection.apiKey,
    timeoutMs ?? 0,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = new NodionClient({
      apiKey: connection.apiKey,
      baseUrl: connection.baseUrl,
      projectId: connection.projectId,
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
    clients.set(key, client);
  }
  return client;
}
