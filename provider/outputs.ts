import type { Deployment } from "../sdk";
import type { DeploymentInputs, DeploymentOutputs } from "./args";

/** Only the input fields, as they should be stored (absent ones left out). */
export function inputsOf(props: DeploymentInputs): DeploymentInputs {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) {
    if (props[key] !== undefined && props[key] !== null) inputs[key] = props[key];
  }
  return inputs as unknown as DeploymentInputs;
}

/** `outputs` with its input fields replaced by `inputs` (removed inputs disappear). */
export function withInputs(
  outputs: DeploymentOutputs,
  inputs: DeploymentInputs,
): DeploymentOutputs {
  const rest: Record<string, unknown> = { ...outputs };
  for (const key of INPUT_KEYS) delete rest[key];
  return { ...(rest as unknown as DeploymentOutputs), ...inputsOf(inputs) };
}

const INPUT_KEYS = [
  "applicationId",
  "triggers",
  "imageTag",
  "wait",
  "timeoutSeconds",
  "adoptDeploymentId",
  "baseUrl",
  "projectId",
] as const satisfies readonly (keyof DeploymentInputs)[];

/**
 * The outputs for `deployment`: the inputs plus everything Nodion reports. `latest` is the
 * application's newest deploy number, when known.
 */
export function toOutputs(
  inputs: DeploymentInputs,
  deployment: Deployment,
  latest: number = deployment.deployNumber,
): DeploymentOutputs {
  return {
    ...inputsOf(inputs),
    deploymentId: deployment.id,
    deployNumber: deployment.deployNumber,
    status: deployment.status,
    gitSha: deployment.gitSha,
    commitMessage: deployment.commitMessage,
    committerName: deployment.committerName,
    committerEmail: deployment.committerEmail,
    committerUsername: deployment.committerUsername,
    commitTimestamp: deployment.commitTimestamp,
    strategy: deployment.strategy,
    imageReference: deployment.imageReference,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    latestDeployNumber: Math.max(latest, deployment.deployNumber),
    isLatest: deployment.deployNumber >= latest,
  } satisfies DeploymentOutputs;
}

/** The newest deploy number in a list (0 for an empty list). */
export function latestDeployNumber(deployments: readonly Deployment[]): number {
  return deployments.reduce((max, d) => Math.max(max, d.deployNumber), 0);
}
