import * as pulumi from "@pulumi/pulumi";
import {
  OUTPUT_FIELDS,
  type HealthCheck,
  type NodionDeploymentArgs,
  type PendingTrigger,
  type UnclearPostRecord,
} from "./args";
import * as handlers from "./handlers";
import { outputSeeds } from "./outputs";

// The module object, not a wrapper: see handlers.ts for why that keeps stack state small.
const provider: pulumi.dynamic.ResourceProvider = handlers;

/**
 * A Nodion deployment of one application. Creating the resource triggers a deployment (or adopts
 * `adoptDeploymentId`); changing `triggers` or `imageTag` triggers exactly one more. `pulumi
 * refresh` reads the application's deployment list into the outputs. When a deployment fails,
 * expires or outlasts `timeoutSeconds`, `up` fails with one summary line followed by the
 * application's last log lines (`failureLogLines`); an optional `healthCheck` makes `up` wait
 * until the deployed application answers. Destroying it deletes
 * nothing in Nodion, which keeps deployment history.
 *
 * The API key comes from secret stack config `nodion:apiKey` or `NODION_API_KEY`, never an input.
 *
 * Type token: `pulumi-nodejs:dynamic/nodion:Deployment` (keep it: renaming needs aliases).
 */
export class NodionDeployment extends pulumi.dynamic.Resource {
  // Outputs. Nodion reports them; `pulumi up` records them when it triggers, adopts or waits for a
  // deployment, and `pulumi refresh` reads them again from the application's deployment list. An
  // update that only changes `wait`, `timeoutSeconds`, `failureLogLines`, `healthCheck`, `baseUrl`
  // or `projectId` leaves them as they were (unless it resumes waiting for a deployment still in progress). The commit and time
  // fields describe the deployment named by `deploymentId` and change with it.

  /**
   * Nodion's id (UUID) of the deployment this resource last triggered or adopted. It changes with
   * each new deployment (a `triggers` or `imageTag` change, or the retry after a failure); the
   * resource's own id stays the first deployment's.
   */
  declare readonly deploymentId: pulumi.Output<string>;
  /**
   * That deployment's per-application deploy number: 1 for an application's first deployment,
   * then one more per deployment, whoever made it. Changes together with `deploymentId`.
   */
  declare readonly deployNumber: pulumi.Output<number>;
  /**
   * The deployment's status when last read: `created`, `waiting`, `available`, `failed`,
   * `expired`, or a newer status Nodion reports (kept verbatim). With `wait: "available"` a
   * successful `up` records `available`; a failed one records `failed` or `expired` (and the next
   * `up` retries), a timed-out one the last status seen. With `wait: "none"` it is the status when
   * Nodion accepted the trigger (usually `created`) until `pulumi refresh` reads it again.
   */
  declare readonly status: pulumi.Output<string>;
  /** The deployed commit's full git SHA; null for pre-built image deployments. */
  declare readonly gitSha: pulumi.Output<string | null>;
  /** The deployed commit's message; for image deployments Nodion writes `Image: <name>:<tag>`. */
  declare readonly commitMessage: pulumi.Output<string | null>;
  /** The committer's name; `Container Registry` for image deployments. */
  declare readonly committerName: pulumi.Output<string | null>;
  /** The committer's e-mail address, when Nodion reports one. */
  declare readonly committerEmail: pulumi.Output<string | null>;
  /** The committer's username on the git host, when Nodion reports one. */
  declare readonly committerUsername: pulumi.Output<string | null>;
  /**
   * When the commit was made, as an ISO 8601 timestamp string from Nodion; for image deployments,
   * when the deployment was triggered.
   */
  declare readonly commitTimestamp: pulumi.Output<string | null>;
  /**
   * How Nodion built the deployment, such as `dockerfile` or `prebuilt_image`; null where Nodion
   * does not say (older API versions).
   */
  declare readonly strategy: pulumi.Output<string | null>;
  /**
   * The full image reference deployed, such as `docker.io/library/nginx:1.25`; null for builds
   * from git.
   */
  declare readonly imageReference: pulumi.Output<string | null>;
  /** When Nodion created the deployment, as an ISO 8601 timestamp string. */
  declare readonly createdAt: pulumi.Output<string>;
  /**
   * When Nodion last updated the deployment, as an ISO 8601 timestamp string. Nodion's trigger
   * response carries it; its deployment list is not documented to, so whenever the deployment was
   * last read from the list (a wait, an adoption, a refresh) it is null unless Nodion sent it.
   */
  declare readonly updatedAt: pulumi.Output<string | null>;
  /**
   * The application's newest deploy number when last read. Recording a deployment (trigger,
   * adoption, wait) sets it to this resource's own `deployNumber`; only `pulumi refresh` reads the
   * application's newest, which is higher when someone deployed the application outside this
   * stack.
   */
  declare readonly latestDeployNumber: pulumi.Output<number>;
  /**
   * Whether this resource's deployment is the application's newest. Recording a deployment sets
   * it to true; `pulumi refresh` sets it to false once a newer deployment was made outside this
   * stack (nothing is redeployed because of it).
   */
  declare readonly isLatest: pulumi.Output<boolean>;
  /**
   * How long the deployment took by Nodion's own clock: seconds (to a tenth) from its
   * `created_at` (the trigger) to its `updated_at` (its last change, which for a finished
   * deployment is when it became `available`, `failed` or `expired`). Null while the deployment
   * is in progress (including `wait: "none"`), and whenever Nodion's answer carried no
   * `updated_at`: its trigger response does, but its deployment list is not documented to, so
   * after a wait or a refresh it is null unless Nodion includes it. It measures Nodion's build and
   * start, not the time `pulumi up` spent, and not the health check.
   */
  declare readonly durationSeconds: pulumi.Output<number | null>;
  /**
   * The id of the deployment a rollback goes back to: the newest deployment of the application
   * numbered below this one that became `available` (failed and expired ones are skipped). Null
   * for an application's first successful deployment, or when the list was not read. See the
   * README's "Rolling back".
   */
  declare readonly previousDeploymentId: pulumi.Output<string | null>;
  /** The deploy number of `previousDeploymentId` (null with it). */
  declare readonly previousDeployNumber: pulumi.Output<number | null>;
  /**
   * The health check's last outcome: true when it passed, false when it failed (`up` failed, and
   * the next `up` checks again without deploying), null when no check ran (none set, `wait:
   * "none"`, or the deployment did not become available).
   */
  declare readonly healthy: pulumi.Output<boolean | null>;

  // The inputs, as recorded in state.

  /** The application's id (UUID), as given in the inputs. */
  declare readonly applicationId: pulumi.Output<string>;
  /** The trigger values as given (undefined when none were). */
  declare readonly triggers: pulumi.Output<string[] | undefined>;
  /** The image tag as given (undefined when none was: the application's default tag deploys). */
  declare readonly imageTag: pulumi.Output<string | undefined>;
  /** The `failureLogLines` setting as given (undefined: the default, 20). */
  declare readonly failureLogLines: pulumi.Output<number | undefined>;
  /** The health check as given (undefined: none). */
  declare readonly healthCheck: pulumi.Output<HealthCheck | undefined>;
  /**
   * Set while a trigger's outcome is unknown (status `unknown` on a first deploy): the next
   * `pulumi up` adopts the deployment that trigger made if one appeared, and deploys otherwise.
   */
  declare readonly pendingTrigger: pulumi.Output<PendingTrigger | undefined>;
  /**
   * Set while the stack watches for a late commit: a POST of this trigger got no answer and showed
   * nothing in the deployment list within the observation window, so the trigger posted again and
   * a later POST made this deployment. A server that commits the first POST even later makes a
   * second deployment of the same commit; for ten minutes after that POST, each `pulumi up` and
   * `pulumi refresh` looks for one (so `up` shows an update of this resource meanwhile) and then
   * clears this. Null otherwise.
   */
  declare readonly unclearPost: pulumi.Output<UnclearPostRecord | null>;
  /**
   * Deploy numbers of deployments that an unclear POST of this trigger made after all, beside
   * this resource's own `deployNumber`: each shows the same commit (git sha or image reference).
   * Empty when none was seen. The stack never adopts them and never redeploys because of them;
   * `up` and refresh warn in one line when they see one. A pipeline can fail on a non-empty list.
   */
  declare readonly duplicateDeployNumbers: pulumi.Output<number[]>;

  constructor(name: string, args: NodionDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...args,
        ...outputSeeds(),
      },
      opts,
      "nodion",
      "Deployment",
    );
  }
}

// Every output in the one list must be declared on the class above (a type error otherwise).
const declaredOutputs: readonly (keyof NodionDeployment)[] = OUTPUT_FIELDS;
void declaredOutputs;
