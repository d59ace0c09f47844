import { isTerminalStatus, type Deployment } from "../client";
import {
  DEPLOYMENT_FIELDS,
  INPUT_FIELDS,
  OUTPUT_FIELDS,
  type DeploymentField,
  type DeploymentInputs,
  type DeploymentOutputs,
  type OutputField,
  type PendingTrigger,
} from "./args";
import { NO_LATE_COMMIT, type LateCommitWatch } from "./late-commits";

/** Only the input fields, as they should be stored (absent ones left out). */
export function inputsOf(props: DeploymentInputs): DeploymentInputs {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_FIELDS) {
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
  for (const key of INPUT_FIELDS) delete rest[key];
  return { ...(rest as unknown as DeploymentOutputs), ...inputsOf(inputs) };
}

/** The recorded fields of `deployment`, taken by the one field list. */
export function deploymentFields(deployment: Deployment): Pick<Deployment, DeploymentField> {
  return Object.fromEntries(DEPLOYMENT_FIELDS.map((k) => [k, deployment[k]])) as Pick<
    Deployment,
    DeploymentField
  >;
}

/** What {@link toOutputs} knows besides the deployment. */
export interface OutputContext {
  /** The application's newest deploy number, when known (default: the deployment's own). */
  readonly latest?: number;
  /** The application's deployments as last read, for the previous deployment. */
  readonly list?: readonly Deployment[];
  /** The health check's outcome (default null: not run). */
  readonly healthy?: boolean | null;
  /** The watch for a late commit of an unclear POST (default: none). */
  readonly watch?: LateCommitWatch;
}

/**
 * The outputs for `deployment`: the inputs plus everything Nodion reports. A pending trigger is
 * resolved by a deployment, so none is carried over.
 */
export function toOutputs(
  inputs: DeploymentInputs,
  deployment: Deployment,
  context: OutputContext = {},
): DeploymentOutputs {
  const latest = context.latest ?? deployment.deployNumber;
  const previous = context.list && previousDeployment(context.list, deployment.deployNumber);
  return {
    ...inputsOf(inputs),
    deploymentId: deployment.id,
    ...deploymentFields(deployment),
    latestDeployNumber: Math.max(latest, deployment.deployNumber),
    isLatest: deployment.deployNumber >= latest,
    durationSeconds: durationSeconds(deployment),
    previousDeploymentId: previous?.id ?? null,
    previousDeployNumber: previous?.deployNumber ?? null,
    healthy: context.healthy ?? null,
    unclearPost: context.watch?.unclearPost ?? null,
    duplicateDeployNumbers: [...(context.watch ?? NO_LATE_COMMIT).duplicateDeployNumbers],
  } satisfies DeploymentOutputs;
}

/**
 * What a rollback goes back to: the newest deployment numbered below `deployNumber` that became
 * `available` (a failed or expired one never ran, so it is skipped).
 */
export function previousDeployment(
  list: readonly Deployment[],
  deployNumber: number,
): Deployment | undefined {
  return list
    .filter((d) => d.deployNumber < deployNumber && d.status === "available")
    .reduce<Deployment | undefined>(
      (best, d) => (best === undefined || d.deployNumber > best.deployNumber ? d : best),
      undefined,
    );
}

/**
 * Seconds from Nodion's `created_at` to its `updated_at` for a finished deployment (to the
 * millisecond, rounded to a tenth of a second), or null: in progress, no `updated_at`, or
 * timestamps that do not parse or run backwards.
 */
export function durationSeconds(deployment: Deployment): number | null {
  if (!isTerminalStatus(deployment.status) || deployment.updatedAt === null) return null;
  const ms = Date.parse(deployment.updatedAt) - Date.parse(deployment.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 100) / 10 : null;
}

/**
 * The outputs of a resource whose trigger's outcome is unknown: what it had before (`previous`,
 * on update) or nothing known yet (status `unknown`, no deployment id, deploy number 0), plus the
 * pending trigger the next `up` resolves.
 */
export function pendingOutputs(
  inputs: DeploymentInputs,
  previous: DeploymentOutputs | undefined,
  pendingTrigger: PendingTrigger,
): DeploymentOutputs {
  const base: DeploymentOutputs = previous
    ? withInputs(previous, inputs)
    : {
        ...inputsOf(inputs),
        deploymentId: "",
        ...(Object.fromEntries(DEPLOYMENT_FIELDS.map((k) => [k, null])) as Record<
          DeploymentField,
          null
        >),
        deployNumber: 0,
        status: "unknown",
        createdAt: pendingTrigger.postedAt,
        latestDeployNumber: pendingTrigger.afterDeployNumber,
        isLatest: false,
        durationSeconds: null,
        previousDeploymentId: null,
        previousDeployNumber: null,
        healthy: null,
        unclearPost: null,
        duplicateDeployNumbers: [],
      };
  return { ...base, pendingTrigger };
}

/**
 * The seeds the resource passes for its outputs: every output name, undefined. Made from the one
 * list, so an output cannot be left unseeded (it would then never show on the resource).
 */
export function outputSeeds(): Record<OutputField, undefined> {
  return Object.fromEntries(OUTPUT_FIELDS.map((k) => [k, undefined])) as Record<
    OutputField,
    undefined
  >;
}

/** The newest deploy number in a list (0 for an empty list). */
export function latestDeployNumber(deployments: readonly Deployment[]): number {
  return deployments.reduce((max, d) => Math.max(max, d.deployNumber), 0);
}
