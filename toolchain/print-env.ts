/**
 * Prints the offline Pulumi environment as shell `export` lines, for running `pulumi` by hand:
 * `eval "$(npx ts-node toolchain/print-env.ts)"`. State goes to `.pulumi-local/manual`.
 */
import * as path from "node:path";
import { localDir, pulumiEnv } from "./env";

const env = pulumiEnv({ backendDir: path.join(localDir, "manual") });
const keys = Object.keys(env).filter((k) => k === "PATH" || k.startsWith("PULUMI_"));
for (const key of keys.sort()) {
  const value = env[key] ?? "";
  console.log(`export ${key}='${value.replace(/'/g, `'\\''`)}'`);
}
