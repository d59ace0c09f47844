/**
 * The plugin: {@link runPlugin} starts the gRPC server and prints its port on standard output,
 * which is how the engine finds it. Loads only the core, the SDK and gRPC (not `@pulumi/pulumi`'s
 * runtime), so it starts in a fraction of the dynamic-provider host's time. The installed plugin
 * runs it through `start.ts` (which keeps V8's compiled code between runs); `node main.js` runs it
 * directly.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { systemClock } from "../../sdk";
import { clientFor } from "../connection";
import { DeploymentLists } from "../deployment-lists";
import { afterFirstResourceOperation } from "./first-operation";
import { startPlugin } from "./server";

/**
 * The schema file: next to the bundle in the installed plugin (`pulumi-resource-nodion.js`), or at
 * the root of the repository: three levels up from the compiled `dist/provider/plugin`, two from
 * the sources (ts-node).
 */
export function findSchema(dir: string = __dirname): string {
  const candidates = [dir, path.resolve(dir, "..", "..", ".."), path.resolve(dir, "..", "..")].map(
    (root) => path.join(root, "schema.json"),
  );
  const found = candidates.find((file) => fs.existsSync(file));
  if (found === undefined) throw new Error(`no schema.json at ${candidates.join(" or ")}`);
  return found;
}

/** What the caller of {@link runPlugin} may add. */
export interface RunHooks {
  /** Runs once, after the first answer to a resource operation (start.ts saves its code cache). */
  readonly afterFirstOperation?: () => unknown;
}

/** Starts the plugin with the command line the engine gave (`<engine address>`). */
export async function runPlugin(argv: readonly string[], hooks: RunHooks = {}): Promise<void> {
  const schema = fs.readFileSync(findSchema(), "utf8");
  const { version } = JSON.parse(schema) as { version: string };
  const plugin = await startPlugin({
    core: {
      clock: systemClock,
      // Refreshes of many resources may share a list read for 5 s; polls never reuse one.
      lists: new DeploymentLists(5_000),
      connect: clientFor,
    },
    schema,
    version,
    // The engine passes its address as the first argument (the handshake repeats it).
    engineAddress: argv.find((a) => !a.startsWith("-")),
    afterAnswer: afterFirstResourceOperation(hooks.afterFirstOperation),
  });
  process.stdout.write(`${plugin.port}\n`);
}

/** Ends the process with the line the engine shows when the plugin cannot start. */
function failedToStart(err: unknown): never {
  process.stderr.write(`nodion: the provider plugin failed to start: ${String(err)}\n`);
  process.exit(1);
}

if (require.main === module) {
  runPlugin(process.argv.slice(2)).catch(failedToStart);
}
