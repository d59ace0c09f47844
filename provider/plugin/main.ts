/**
 * The plugin: {@link runPlugin} starts the gRPC server and prints its port on standard output,
 * which is how the engine finds it. Loads only the core, the SDK and gRPC (not `@pulumi/pulumi`'s
 * runtime). The released plugin is this file bundled into a Node.js single executable application
 * (`executable.ts`, `tools/pack-plugin.ts`); `node main.js` runs it directly.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as sea from "node:sea";
import { systemClock } from "../../client";
import { clientFor } from "../connection";
import { DeploymentLists } from "../deployment-lists";
import { startPlugin } from "./server";

/** The schema's name: an asset of the single executable, or a file of the repository. */
export const SCHEMA_FILE = "schema.json";

/**
 * The schema file at the root of the repository: three levels up from the compiled
 * `dist/provider/plugin`, two from the sources (ts-node).
 */
export function findSchema(dir: string = __dirname): string {
  const candidates = [path.resolve(dir, "..", "..", ".."), path.resolve(dir, "..", "..")].map(
    (root) => path.join(root, SCHEMA_FILE),
  );
  const found = candidates.find((file) => fs.existsSync(file));
  if (found === undefined) throw new Error(`no ${SCHEMA_FILE} at ${candidates.join(" or ")}`);
  return found;
}

/** The schema text: built into the single executable, else read from the repository. */
function readSchema(): string {
  return sea.isSea() ? sea.getAsset(SCHEMA_FILE, "utf8") : fs.readFileSync(findSchema(), "utf8");
}

/** Starts the plugin with the command line the engine gave (`<engine address>`). */
export async function runPlugin(argv: readonly string[]): Promise<void> {
  const schema = readSchema();
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
  });
  process.stdout.write(`${plugin.port}\n`);
}

/** Ends the process with the line the engine shows when the plugin cannot start. */
export function failedToStart(err: unknown): never {
  process.stderr.write(`nodion: the provider plugin failed to start: ${String(err)}\n`);
  process.exit(1);
}

if (require.main === module) {
  runPlugin(process.argv.slice(2)).catch(failedToStart);
}
