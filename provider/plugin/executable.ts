/**
 * The entry point of the single executable `pulumi-resource-nodion` (what `tools/pack-plugin.ts`
 * bundles): the engine runs it as `pulumi-resource-nodion <engine address>`.
 *
 * @packageDocumentation
 */
import { failedToStart, runPlugin } from "./main";

runPlugin(process.argv.slice(2)).catch(failedToStart);
