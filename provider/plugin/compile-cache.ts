/**
 * Node.js's compile cache for the plugin. The shim turns it on (`NODE_COMPILE_CACHE`, Node.js 22.1
 * and later), so V8's compiled code for the bundle is kept between runs and a start need not
 * compile the bundle again. The engine ends the plugin with SIGKILL, which skips Node's own write
 * at exit, so the plugin writes the cache itself, once, after its first answer to a resource
 * operation: by then the code of a deployment's requests (axios, the SDK) is compiled too.
 *
 * @packageDocumentation
 */
import * as nodeModule from "node:module";

/** The methods whose first answer marks the point worth caching. */
const RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(["Create", "Read", "Update", "Delete"]);

/** Node's `module.flushCompileCache`, absent before Node.js 22.10 (a no-op with the cache off). */
export const flushCompileCache: (() => void) | undefined = (
  nodeModule as { flushCompileCache?: () => void }
).flushCompileCache;

/**
 * Returns the hook the server calls after each answer (with the gRPC method's name): it calls
 * `flush` after the first resource operation and never again; with no `flush`, it does nothing.
 */
export function compileCacheSaver(flush: (() => void) | undefined): (method: string) => void {
  let saved = false;
  return (method) => {
    if (saved || flush === undefined || !RESOURCE_OPERATIONS.has(method)) return;
    saved = true;
    try {
      flush();
    } catch {
      // A cache that cannot be written (read-only folder, full disk) only costs the next start.
    }
  };
}
