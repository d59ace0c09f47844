import * as pulumi from "@pulumi/pulumi";
import { OUTPUT_FIELDS, type NodionDeploymentArgs, type PendingTrigger } from "./args";
import * as handlers from "./handlers";
import { outputSeeds } from "./outputs";

// The module object, not a wrapper: see handlers.ts for why that keeps stack state small.
const provider: pulumi.dynamic.ResourceProvider = handlers;

/**
 * A Nodion deployment of one application. Creating the resource triggers a deployment (or adopts
 * `adoptDeploymentId`); changing `triggers` or `imageTag` triggers exactly one more. `pulumi
 * refresh` reads the application's deployment list into the outputs. Destroying it deletes
 * nothing in Nodion, which keeps deployment history.
 *
 * The API key comes from secret stack config `nodion:apiKey` or `NODION_API_KEY`, never an input.
 *
 * Type token: `pulumi-nodejs:dynamic/nodion:Deployment` (keep it: renaming needs aliases).
 */
export class NodionDeployment extends pulumi.dynamic.Resource {
  /** Nodion's id of the deployment most recently triggered or adopted. */
  declare readonly deploymentId: pulumi.Output<string>;
  /** Its per-application deploy number. */
  declare readonly deployNumber: pulumi.Output<number>;
  /** `created`, `waiting`, `available`, `failed`, `expired` or a newer Nodion status. */
  declare readonly status: pulumi.Output<string>;
  declare readonly gitSha: pulumi.Output<string | null>;
  declare readonly commitMessage: pulumi.Output<string | null>;
  declare readonly committerName: pulumi.Output<string | null>;
  declare readonly committerEmail: pulumi.Output<string | null>;
  declare readonly committerUsername: pulumi.Output<string | null>;
  declare readonly commitTimestamp: pulumi.Output<string | null>;
  declare readonly strategy: pulumi.Output<string | null>;
  declare readonly imageReference: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  /** The application's newest deploy number when last read (refresh updates it). */
  declare readonly latestDeployNumber: pulumi.Output<number>;
  /** False once a newer deployment was made outside this stack (seen on refresh). */
  declare readonly isLatest: pulumi.Output<boolean>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly triggers: pulumi.Output<string[] | undefined>;
  declare readonly imageTag: pulumi.Output<string | undefined>;
  /**
   * Set while a trigger's outcome is unknown (status `unknown` on a first deploy): the next
   * `pulumi up` adopts the deployment that trigger made if one appeared, and deploys otherwise.
   */
  declare readonly pendingTrigger: pulumi.Output<PendingTrigger | undefined>;

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
