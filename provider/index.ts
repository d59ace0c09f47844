/**
 * pulumi-nodion: trigger and track Nodion deployments from Pulumi programs.
 *
 * @packageDocumentation
 */
export { NodionDeployment } from "./resource";
export type { NodionDeploymentArgs, WaitSetting, DeploymentOutputs } from "./args";
export { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from "./args";
export * from "../sdk";
