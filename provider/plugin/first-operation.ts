/**
 * The moment worth keeping the compiled code at: the plugin's first answer to a resource
 * operation. By then V8 has compiled what a deployment runs (axios, the SDK, the core), not only
 * the start-up and configuration paths, and the answer is already on its way to the engine, which
 * ends plugins with SIGKILL as soon as it is done with them (so there is no "at exit").
 *
 * @packageDocumentation
 */

/** The methods whose first answer marks the point worth caching. */
const RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(["Create", "Read", "Update", "Delete"]);

/**
 * Returns the hook the server calls after each answer (with the gRPC method's name): it runs
 * `action` after the first resource operation and never again; with no `action`, it does nothing.
 * A failing `action` is ignored: a cache that cannot be written only costs the next start.
 */
export function afterFirstResourceOperation(
  action: (() => unknown) | undefined,
): (method: string) => void {
  let done = false;
  return (method) => {
    if (done || action === undefined || !RESOURCE_OPERATIONS.has(method)) return;
    done = true;
    try {
      action();
    } catch {
      // See above.
    }
  };
}
