import type { DeploymentOutputs } from "./args";

/**
 * An error that still records the resource. The Node dynamic-provider host turns a thrown error
 * carrying `id`, `properties` and `reasons` into "created (or updated) but failed to initialize":
 * the engine keeps the deployment in state with these outputs and fails `pulumi up`, and the next
 * `up` calls `update` again, which our provider treats as a deliberate retry.
 */
export class RecordedFailure extends Error {
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    readonly properties: DeploymentOutputs,
  ) {
    super(message);
    this.name = "RecordedFailure";
    this.reasons = [message];
  }
}
