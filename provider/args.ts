import type * as pulumi from "@pulumi/pulumi";

/** What to wait for after triggering a deployment. */
export type WaitSetting = "available" | "none";

/** Default for {@link NodionDeploymentArgs.timeoutSeconds}: Nodion builds take 30 s to 5 min. */
export const DEFAULT_TIMEOUT_SECONDS = 900;

/** The longest wait accepted (a day); anything longer is a mistake, not a build. */
export const MAX_TIMEOUT_SECONDS = 86_400;

/** The public arguments of a {@link NodionDeployment}. */
export interface NodionDeploymentArgs {
  /** The Nodion application (UUID) to deploy. Changing it replaces the resource. */
  readonly applicationId: pulumi.Input<string>;
  /**
   * Values whose change triggers a new deployment, such as a git sha or a build number. Any change
   * (including order) triggers exactly one new deployment on the next `pulumi up`.
   */
  readonly triggers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * For pre-built image applications: the image tag to deploy (overrides the application's
   * default). A change triggers a new deployment. Must not be set for git applications.
   */
  readonly imageTag?: pulumi.Input<string>;
  /**
   * `"available"` (default) makes `pulumi up` wait until the deployment is live and fail if it
   * fails; `"none"` returns as soon as Nodion accepted the trigger. Changing it never deploys.
   */
  readonly wait?: pulumi.Input<WaitSetting>;
  /** How long to wait for `available`, in seconds (default 900). Changing it never deploys. */
  readonly timeoutSeconds?: pulumi.Input<number>;
  /**
   * Adopt this existing deployment (by id) instead of triggering one when the resource is
   * created. Later trigger changes deploy as usual.
   */
  readonly adoptDeploymentId?: pulumi.Input<string>;
  /** API base URL; defaults to config `nodion:baseUrl`, `NODION_API_URL`, then Nodion's v1 URL. */
  readonly baseUrl?: pulumi.Input<string>;
  /** Project (UUID) for user API keys (`X-Nodion-Project`); defaults to config `nodion:projectId`. */
  readonly projectId?: pulumi.Input<string>;
}

/** The inputs as the provider receives them, resolved (never holds the API key). */
export interface DeploymentInputs {
  readonly applicationId: string;
  readonly triggers?: readonly string[];
  readonly imageTag?: string;
  readonly wait?: WaitSetting;
  readonly timeoutSeconds?: number;
  readonly adoptDeploymentId?: string;
  readonly baseUrl?: string;
  readonly projectId?: string;
}

/**
 * Everything the provider records for a deployment: the inputs plus what Nodion reports. The
 * resource's outputs ({@link NodionDeployment}) document when each one changes.
 */
export interface DeploymentOutputs extends DeploymentInputs {
  /** Id (UUID) of the deployment last triggered or adopted; the resource id stays the first's. */
  readonly deploymentId: string;
  /** Its per-application deploy number (1, 2, 3, ...). */
  readonly deployNumber: number;
  /** `created`, `waiting`, `available`, `failed`, `expired`, or a status Nodion adds later. */
  readonly status: string;
  /** The deployed commit's git SHA; null for pre-built image deployments. */
  readonly gitSha: string | null;
  /** The commit message (`Image: <name>:<tag>` for image deployments). */
  readonly commitMessage: string | null;
  /** The committer's name (`Container Registry` for image deployments). */
  readonly committerName: string | null;
  /** The committer's e-mail address. */
  readonly committerEmail: string | null;
  /** The committer's username. */
  readonly committerUsername: string | null;
  /** ISO 8601 commit time (the trigger time for image deployments). */
  readonly commitTimestamp: string | null;
  /** `dockerfile`, `prebuilt_image`, ... (null where Nodion does not say). */
  readonly strategy: string | null;
  /** The full image reference deployed; null for builds from git. */
  readonly imageReference: string | null;
  /** ISO 8601 time Nodion created the deployment. */
  readonly createdAt: string;
  /** ISO 8601 time of Nodion's last update; null when read from the list, which omits it. */
  readonly updatedAt: string | null;
  /** The application's newest deploy number when last read (own number until a refresh). */
  readonly latestDeployNumber: number;
  /** False once someone deployed the application outside this stack (seen on refresh). */
  readonly isLatest: boolean;
}
