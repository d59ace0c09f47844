/**
 * What every RPC method of the plugin works with: the shared core, the engine's log, the
 * environment, and the provider settings the last `Configure` gave.
 *
 * @packageDocumentation
 */
import type { ProviderConfig } from "../connection";
import type { DeploymentProvider } from "../deployment-provider";
import type { EngineLog } from "./engine-log";

/** The state and collaborators one plugin process shares between its RPC methods. */
export interface PluginContext {
  /** The rules (shared with the dynamic resource). */
  readonly core: DeploymentProvider;
  /** Where progress lines go (the engine's `Log`, attached to the request's resource). */
  readonly log: EngineLog;
  /** The environment the settings fall back to (`NODION_API_KEY`, ...). */
  readonly env: () => NodeJS.ProcessEnv;
  /** The package schema, served by `GetSchema`. */
  readonly schema: string;
  /** The plugin's version (the schema's and the package's). */
  readonly version: string;
  /** The provider settings of the last `Configure` (empty before it). */
  config: ProviderConfig;
}
