/**
 * The read-only functions `getDeployments` and `getApplication`: their arguments and results,
 * declared once for both faces (the plugin's invokes `nodion:index:getDeployments` and
 * `nodion:index:getApplication`, and the npm package's `getDeployments` / `getApplication`). The
 * TSDoc here is the schema's description of each field.
 *
 * @packageDocumentation
 */

/** Arguments of `getDeployments`: one application's deployments, optionally filtered. */
export interface GetDeploymentsArgs {
  /** The UUID of the Nodion application whose deployments are listed. */
  readonly applicationId: string;
  /**
   * Only deployments in this status (`created`, `waiting`, `available`, `failed`, `expired`, or
   * any other status Nodion reports), compared exactly.
   */
  readonly status?: string;
  /** Only deployments of this commit: the full 40-character git SHA (case is ignored). */
  readonly gitSha?: string;
  /**
   * At most this many deployments in `deployments` (the newest); from 1 to 1000. `latest` and
   * `latestAvailable` are chosen before the limit applies.
   */
  readonly limit?: number;
}

/** One deployment of an application as Nodion lists it, under the resource's output names. */
export interface DeploymentSummary {
  /** Nodion's id (UUID) of the deployment. */
  readonly deploymentId: string;
  /** The per-application deploy number: 1 for the first deployment, one more for each after it. */
  readonly deployNumber: number;
  /**
   * The status when listed: `created`, `waiting`, `available`, `failed`, `expired`, or a newer
   * status Nodion reports (kept verbatim).
   */
  readonly status: string;
  /** The deployed commit's full git SHA; null for pre-built image deployments. */
  readonly gitSha: string | null;
  /** The commit message; for image deployments Nodion writes `Image: <name>:<tag>`. */
  readonly commitMessage: string | null;
  /** The committer's name; `Container Registry` for image deployments. */
  readonly committerName: string | null;
  /** The committer's e-mail address, when Nodion reports one. */
  readonly committerEmail: string | null;
  /** The committer's username, when Nodion reports one. */
  readonly committerUsername: string | null;
  /** When the commit was made (ISO 8601); the trigger time for image deployments. */
  readonly commitTimestamp: string | null;
  /** How it was built, such as `dockerfile` or `prebuilt_image`; null when Nodion does not say. */
  readonly strategy: string | null;
  /** The full image reference, such as `docker.io/nginx:1.25`; null for git builds. */
  readonly imageReference: string | null;
  /** When Nodion created the deployment (ISO 8601). */
  readonly createdAt: string;
  /** When Nodion last changed it (ISO 8601); null when the list does not say. */
  readonly updatedAt: string | null;
}

/** What `getDeployments` returns. */
export interface GetDeploymentsResult {
  /** The application the deployments belong to. */
  readonly applicationId: string;
  /** The deployments that match the filters, newest (highest deploy number) first. */
  readonly deployments: readonly DeploymentSummary[];
  /** The newest deployment that matches the filters, whatever its status; null when none. */
  readonly latest: DeploymentSummary | null;
  /** The newest deployment that matches the filters and is `available`; null when none. */
  readonly latestAvailable: DeploymentSummary | null;
}

/** Arguments of `getApplication`. */
export interface GetApplicationArgs {
  /** The UUID of the Nodion application to read. */
  readonly applicationId: string;
}

/** What `getApplication` returns: the application as `GET /v1/applications/:id` shows it. */
export interface GetApplicationResult {
  /** The application's UUID. */
  readonly applicationId: string;
  /** The application's name. */
  readonly name: string;
  /** Its status, such as `online` (Nodion documents no list); null when not reported. */
  readonly status: string | null;
  /** How it is built, such as `dockerfile` or `prebuilt_image`; null when not reported. */
  readonly strategy: string | null;
  /** The image name of a pre-built image application; null for git applications. */
  readonly imageName: string | null;
  /** The default image tag of a pre-built image application; null for git applications. */
  readonly imageTag: string | null;
  /** The short code of the region it runs in, such as `fra`; null when not reported. */
  readonly regionSlug: string | null;
}

/** The largest accepted `limit`. */
export const MAX_LIST_LIMIT = 1000;
