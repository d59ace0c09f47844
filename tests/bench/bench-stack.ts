import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_PROJECT_KEY } from "../../emulator";
import { PulumiRun } from "../../toolchain/run-pulumi";
import { pluginHome } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import type { BenchEmulator } from "./bench-emulator";
import type { Variant } from "./variants";

/** Every benchmark stack has this name, so URNs (and so state sizes) differ only by project. */
const STACK_NAME = "bench";

/** What a benchmark program is asked to declare. */
export interface ProgramParams {
  readonly count: number;
  /** `available` makes NodionDeployment wait; the other variants ignore it. */
  readonly wait?: "none" | "available";
}

let home: Promise<string> | undefined;

/**
 * The PULUMI_HOME holding the `nodion` plugin packed from this checkout: built and installed once
 * per bench process, on first use (the warm-up), so no measured run pays for it.
 */
function benchPluginHome(): Promise<string> {
  home ??= pluginHome("bench");
  return home;
}

/**
 * A fresh stack of `variant`'s program on its own file backend (created outside any measurement):
 * the program reads its parameters from the environment and, when it needs one, the API key from
 * secret config `nodion:apiKey`. The plugin variant runs with a PULUMI_HOME holding the plugin.
 */
export async function benchStack(
  variant: Variant,
  bench: BenchEmulator,
  params: ProgramParams,
): Promise<TestStack> {
  const plugin: Record<string, string> = variant.needsPlugin
    ? { PULUMI_HOME: await benchPluginHome() }
    : {};
  return TestStack.create({
    program: variant.program,
    name: STACK_NAME,
    secrets: variant.needsKey ? { "nodion:apiKey": SEED_PROJECT_KEY } : {},
    env: {
      NODION_API_URL: bench.emulator.url,
      BENCH_COUNT: String(params.count),
      BENCH_APPS: bench.apps.join(","),
      BENCH_WAIT: params.wait ?? "none",
      ...plugin,
    },
  });
}

/**
 * `pulumi up` (no preview step) as one CLI process, timed from spawn to exit. Not the Automation
 * API's `up`: after the update it runs `pulumi stack output` and `pulumi stack history` too (about
 * a second more on this machine), which is not what the benchmark compares.
 */
export function timedUp(stack: TestStack): Promise<PulumiRun> {
  return stack.upProcess();
}

/** `pulumi refresh` (no preview step) as one CLI process, timed from spawn to exit. */
export function timedRefresh(stack: TestStack): Promise<PulumiRun> {
  return stack.run(["refresh", "--yes", "--skip-preview", ...stack.stackArgs()]);
}

/** Throws with the CLI's output unless `run` exited 0. */
export function expectSuccess(run: PulumiRun, what: string): PulumiRun {
  if (run.code !== 0) throw new Error(`${what}: pulumi exited ${run.code}\n${run.output}`);
  return run;
}

/** The size in bytes of the stack's checkpoint file in the file backend. */
export function stateFileBytes(stack: TestStack): number {
  const stacks = path.join(stack.backendDir, ".pulumi", "stacks");
  const found = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === `${stack.name}.json`);
  if (found.length !== 1) {
    throw new Error(
      `expected one state file for stack ${stack.name} in ${stacks}, found ${found.length}`,
    );
  }
  return fs.statSync(path.join(stacks, found[0])).size;
}
