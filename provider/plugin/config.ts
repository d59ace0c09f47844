/**
 * The provider's configuration as the engine sends it: `Configure` args (stack config `nodion:*`
 * for the default provider, the inputs of an explicit `nodion.Provider`), secrets in their envelope.
 *
 * @packageDocumentation
 */
import {
  parseConnection,
  type ConfigSource,
  type ConnectionProblem,
  type ProviderConfig,
} from "../connection";
import { isUnknown } from "../validate";
import { reveal, type PropertyMap } from "./wire";

/** The config keys the provider reads (`nodion:<key>` in stack config). */
export const CONFIG_KEYS = ["apiKey", "baseUrl", "projectId"] as const;

/** The provider config in `args` (secrets opened; unknown, empty and other keys left out). */
export function providerConfigOf(args: PropertyMap): ProviderConfig {
  const plain = reveal(args) as PropertyMap;
  const config: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = plain[key];
    if (typeof value === "string" && value !== "" && !isUnknown(value)) config[key] = value;
  }
  return config;
}

/** The variables map of an older engine (`nodion:config:apiKey` or `nodion:apiKey`) as args. */
export function argsFromVariables(variables: ReadonlyMap<string, string>): PropertyMap {
  const args: PropertyMap = {};
  for (const [name, value] of variables) {
    const key = name.replace(/^nodion:(config:)?/, "");
    if (key !== name) args[key] = value;
  }
  return args;
}

/** A config source for the core's `configure`, which reads `nodion:<key>`. */
export function configSource(config: ProviderConfig): ConfigSource {
  return {
    get: (key: string) => config[key.replace(/^nodion:/, "") as keyof ProviderConfig],
  };
}

/**
 * What is wrong with a provider's own settings (not the environment's: a resource's `check`
 * names those). A missing key is not wrong here: `NODION_API_KEY` may still provide it.
 */
export function configProblems(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
): ConnectionProblem[] {
  const parsed = parseConnection({}, config, env);
  if (parsed.ok) return [];
  return parsed.problems.flatMap((p) =>
    p.property.startsWith("nodion:")
      ? [{ property: p.property.slice("nodion:".length), reason: p.reason }]
      : [],
  );
}
