import type { DeploymentOutputs } from "./args";
import { ProviderError } from "./expected-error";

/**
 * An error that still records the resource. The Node dynamic-provider host turns a thrown error
 * carrying `id`, `properties` and `reasons` into "created (or updated) but failed to initialize":
 * the engine keeps the resource in state with these outputs and fails `pulumi up`, and the next
 * `up` calls `update` again, which our provider treats as a deliberate retry (or, with a pending
 * trigger in the outputs, as the moment to look for that trigger's deployment).
 */
export class RecordedFailure extends ProviderError {
  readonly reasons: string[];

  /**
   * @param message - the one-line summary (first line of the failure).
   * @param details - lines shown under the summary, such as the deployment's last log lines.
   */
  constructor(
    message: string,
    readonly id: string,
    readonly properties: DeploymentOutputs,
    details: readonly string[] = [],
  ) {
    super(message, details);
    this.reasons = [this.message];
  }
}
