/**
 * What the `pulumi-resource-nodion` shim runs: the bundle (`pulumi-resource-nodion.js`, next to
 * this file once packed) through {@link loadWithCodeCache}, with the cache in `code-cache/` beside
 * it, saved after the first resource operation. `PULUMI_NODION_CODE_CACHE=off` runs it without.
 *
 * @packageDocumentation
 */
import * as path from "node:path";
import { loadWithCodeCache } from "./code-cache";
import type { RunHooks } from "./main";

/** The bundle's file name (tools/pack-plugin.ts writes it there). */
const BUNDLE = "pulumi-resource-nodion.js";

async function start(): Promise<void> {
  const cacheDir =
    process.env.PULUMI_NODION_CODE_CACHE === "off" ? undefined : path.join(__dirname, "code-cache");
  const bundle = loadWithCodeCache(path.join(__dirname, BUNDLE), cacheDir);
  const plugin = bundle.exports as {
    runPlugin(argv: readonly string[], hooks: RunHooks): Promise<void>;
  };
  return plugin.runPlugin(process.argv.slice(2), { afterFirstOperation: bundle.save });
}

// A bundle that cannot load and a plugin that cannot start end the same way.
start().catch((err: unknown) => {
  process.stderr.write(`nodion: the provider plugin failed to start: ${String(err)}\n`);
  process.exit(1);
});
