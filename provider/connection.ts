import { DEFAULT_BASE_URL, NodionClient } from "../sdk";
import type { DeploymentInputs } from "./args";

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

/** Everything needed to talk to Nodion for one resource. */
export interface Connection {
  readonly apiKey: string;
  readonly keySource: KeySource;
  readonly baseUrl: string;
  readonly projectId?: string;
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
  return {
    apiKey,
    keySource: config.apiKey !== undefined ? "config" : "environment",
    baseUrl: inputs.baseUrl ?? config.baseUrl ?? (env.NODION_API_URL || DEFAULT_BASE_URL),
    projectId: inputs.projectId ?? config.projectId ?? (env.NODION_PROJECT_ID || undefined),
  };
}

const clients = new Map<string, NodionClient>();

/** One client per connection for the life of the provider process (safe to lose). */
export function clientFor(connection: Connection): NodionClient {
  const key = JSON.stringify([connection.baseUrl, connection.projectId ?? "", connection.apiKey]);
  let client = clients.get(key);
  if (!client) {
    client = new NodionClient({
      apiKey: connection.apiKey,
      baseUrl: connection.baseUrl,
      projectId: connection.projectId,
    });
    clients.set(key, client);
  }
  return client;
}
