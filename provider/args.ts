import type * as pulumi from "@pulumi/pulumi";
import type { Deployment } from "../client";

/** What to wait for after triggering a deployment. */
export type WaitSetting = "available" | "none";

/** Default for {@link NodionDeploymentArgs.timeoutSeconds}: Nodion builds take 30 s to 5 min. */
export const DEFAULT_TIMEOUT_SECONDS = 900;

/** The longest wait accepted (a day); anything longer is a mistake, not a build. */
export const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * Default of {@link NodionDeploymentArgs.failureLogLines}: enough lines to show why a build
 * failed, few enough to read in a CI log.
 */
export const DEFAULT_FAILURE_LOG_LINES = 20;

/** The most log lines a failure shows. */
export const MAX_FAILURE_LOG_LINES = 200;

/** A log line shown in a failure is cut to this many characters (ending in `…`). */
export const MAX_LOG_LINE_CHARS = 300;

/** Default of {@link HealthCheck.timeoutSeconds}. */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS = 60;

/** The longest health check accepted (an hour). */
export const MAX_HEALTH_CHECK_TIMEOUT_SECONDS = 3600;

/** Default of {@link HealthCheck.expectedStatus}: any success or redirect. */
export const DEFAULT_EXPECTED_STATUS = "200-399";

/**
 * A health check `pulumi up` runs after the deployment is `available`: it asks the URL with `GET`
 * until it answers with an expected status, and fails when it has not within the timeout. Give
 * exactly one of `path` and `url`. No credential is ever sent with it.
 */
export interface HealthCheck {
  /**
   * A path such as `/healthz` (starting with `/`, query allowed) on the application's verified
   * domain, asked over https. The domain is read from Nodion (`GET …/domains`): a verified `main`
   * (custom) domain first, else a verified `sub` domain.
   */
  readonly path?: string;
  /** A full `http://` or `https://` URL to ask instead (no user name or password in it). */
  readonly url?: string;
  /**
   * The statuses that count as healthy: one status (`"204"`) or an inclusive range
   * (`"200-299"`). Default `"200-399"`.
   */
  readonly expectedStatus?: string;
  /** How long to keep asking, in seconds (default 60, at most 3600). */
  readonly timeoutSeconds?: number;
}

/** {@link HealthCheck} as a program passes it: each field may be an output of another resource. */
export type HealthCheckArgs = { readonly [K in keyof HealthCheck]: pulumi.Input<HealthCheck[K]> };

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
   * How many of the application's last log lines (since the deployment was created) a failure
   * shows under its one-line summary, when the deployment ends `failed` or `expired` or the wait
   * times out: 0 to 200, default 20; 0 turns the logs off (and makes no logs request). Each line
   * is cut to 300 characters and has the API key and any `Bearer` token removed. Reading logs
   * needs the key's read access; when it fails the failure says why in one line instead.
   * Changing it never deploys.
   */
  readonly failureLogLines?: pulumi.Input<number>;
  /**
   * An optional health check after the deployment is `available` (only with `wait:
   * "available"`); off by default. See {@link HealthCheck}. When it fails, `up` fails with one
   * line and the last response, records `healthy: false`, and the next `up` checks again (without
   * deploying). Changing it never deploys.
   */
  readonly healthCheck?: pulumi.Input<HealthCheckArgs>;
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
  readonly failureLogLines?: number;
  readonly healthCheck?: HealthCheck;
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
  "failureLogLines",
  "healthCheck",
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
   * Seconds from the deployment's `created_at` to its `updated_at`, once it is `available`,
   * `failed` or `expired`; null while it is in progress or when Nodion sent no `updated_at`.
   */
  readonly durationSeconds: number | null;
  /** The id of the newest `available` deployment numbered below this one, when known. */
  readonly previousDeploymentId: string | null;
  /** That deployment's deploy number. */
  readonly previousDeployNumber: number | null;
  /** The health check's outcome: true passed, false failed, null not run. */
  readonly healthy: boolean | null;
  /**
   * Set when a trigger's outcome is unknown (the POST failed unclearly and the list did not show
   * its deployment in time): the next `pulumi up` adopts a deployment that appeared since and
   * matches, and triggers one otherwise.
   */
  readonly pendingTrigger?: PendingTrigger;
  /**
   * Set while the stack watches for a late commit: a POST of this trigger whose outcome stayed
   * unknown went before the one that made this deployment. Cleared once it can no longer land.
   */
  readonly unclearPost: UnclearPostRecord | null;
  /**
   * Deploy numbers of deployments of the same commit that an unclear POST of this trigger made
   * after all, beside this resource's own (empty when none).
   */
  readonly duplicateDeployNumbers: readonly number[];
}

/**
 * A POST of this resource's trigger whose outcome stayed unknown (nothing showed in the deployment
 * list within the observation window) before a later POST made the recorded deployment. A server
 * that commits it even later makes a second deployment of the same commit: for ten minutes after
 * it, every `pulumi up` and `pulumi refresh` looks for one and records it in
 * `duplicateDeployNumbers`.
 */
export interface UnclearPostRecord {
  /** The application's highest deploy number read before that POST. */
  readonly afterDeployNumber: number;
  /** When that POST was sent (ISO 8601). */
  readonly postedAt: string;
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
  "durationSeconds",
  "previousDeploymentId",
  "previousDeployNumber",
  "healthy",
  "pendingTrigger",
  "unclearPost",
  "duplicateDeployNumbers",
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
