import type * as pulumi from "@pulumi/pulumi";
import type { Deployment } from "../sdk";

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
 * The input names, declared once: `check` refuses any other input, and state keeps only these.
 * `satisfies` plus the check below make this list and {@link DeploymentInputs} agree both ways.
 */
export const INPUT_FIELDS = [
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
 * The deployment fields recorded as outputs under the SDK's names, declared once: the outputs
 * type, `toOutputs` and the resource's output seeds are derived from this list.
 */
export const DEPLOYMENT_FIELDS = [
  "deployNumber",
  "status",
  "gitSha",
  "commitMessage",
  "committerName",
  "committerEmail",
  "committerUsername",
  "commitTimestamp",
  "strategy",
  "imageReference",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Deployment)[];

/** A deployment field recorded as an output. */
export type DeploymentField = (typeof DEPLOYMENT_FIELDS)[number];

/** What the provider records besides the deployment's own fields. */
export interface RecordKeeping {
  /** Nodion's deployment id (also the resource id); empty while only a pending trigger is known. */
  readonly deploymentId: string;
  /** The application's newest deploy number when last read. */
  readonly latestDeployNumber: number;
  /** False once someone deployed the application outside this stack. */
  readonly isLatest: boolean;
  /**
   * Set when a trigger's outcome is unknown (the POST failed unclearly and the list did not show
   * its deployment in time): the next `pulumi up` adopts a deployment that appeared since and
   * matches, and triggers one otherwise.
   */
  readonly pendingTrigger?: PendingTrigger;
}

/** A trigger whose outcome is unknown, recorded so the next `up` can find its deployment. */
export interface PendingTrigger {
  /** The trigger values the POST was sent for. */
  readonly triggers: readonly string[] | null;
  /** The image tag the POST asked for. */
  readonly imageTag: string | null;
  /** The application's highest deploy number read before the POST. */
  readonly afterDeployNumber: number;
  /** When the POST was sent (ISO 8601). */
  readonly postedAt: string;
}

/** Every output name, declared once; the resource's output seeds are made from this list. */
export const OUTPUT_FIELDS = [
  "deploymentId",
  ...DEPLOYMENT_FIELDS,
  "latestDeployNumber",
  "isLatest",
  "pendingTrigger",
] as const satisfies readonly (keyof RecordKeeping | DeploymentField)[];

/** An output name (inputs are outputs too, but are not seeded). */
export type OutputField = (typeof OUTPUT_FIELDS)[number];

/** Everything the provider records for a deployment: the inputs plus what Nodion reports. */
export type DeploymentOutputs = DeploymentInputs &
  Pick<Deployment, DeploymentField> &
  RecordKeeping;

// Compile-time completeness: a field added to the SDK's Deployment, to RecordKeeping or to
// DeploymentInputs without being listed above fails here.
type Unlisted =
  | Exclude<keyof Deployment, DeploymentField | "id">
  | Exclude<keyof RecordKeeping, OutputField>
  | Exclude<keyof DeploymentInputs, (typeof INPUT_FIELDS)[number]>;
const fieldListsComplete: [Unlisted] extends [never] ? true : Unlisted = true;
void fieldListsComplete;
