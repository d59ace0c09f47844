/**
 * What the functions return, made from the client's models: the deployment list filtered,
 * newest first, with its newest and newest available deployment; the application's fields.
 *
 * @packageDocumentation
 */
import type { Application, Deployment } from "../../client";
import { deploymentFields } from "../outputs";
import type {
  DeploymentSummary,
  GetApplicationResult,
  GetDeploymentsArgs,
  GetDeploymentsResult,
} from "./types";

/** A listed deployment under the resource's output names. */
export function deploymentSummary(d: Deployment): DeploymentSummary {
  return { deploymentId: d.id, ...deploymentFields(d) };
}

/**
 * `getDeployments`' result for the application's list: the filters narrow everything, the order
 * is by deploy number (whatever order the API sent), and the limit trims only `deployments`.
 */
export function deploymentsResult(
  args: GetDeploymentsArgs,
  list: readonly Deployment[],
): GetDeploymentsResult {
  const sha = args.gitSha?.toLowerCase();
  const matching = list
    .filter((d) => args.status === undefined || d.status === args.status)
    .filter((d) => sha === undefined || d.gitSha?.toLowerCase() === sha)
    .slice()
    .sort((a, b) => b.deployNumber - a.deployNumber)
    .map(deploymentSummary);
  return {
    applicationId: args.applicationId,
    deployments: args.limit === undefined ? matching : matching.slice(0, args.limit),
    latest: matching[0] ?? null,
    latestAvailable: matching.find((d) => d.status === "available") ?? null,
  };
}

/** `getApplication`'s result. */
export function applicationResult(app: Application): GetApplicationResult {
  return {
    applicationId: app.id,
    name: app.name,
    status: app.status,
    strategy: app.deploymentStrategy,
    imageName: app.imageName,
    imageTag: app.imageTag,
    regionSlug: app.region?.slug ?? null,
  };
}
