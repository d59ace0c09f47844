import * as path from "node:path";
import { RunningEmulator, SEED_PROJECT_KEY } from "../../emulator";
import { repoRoot } from "../../toolchain/env";
import { TestStack } from "./pulumi-stack";

/** `examples/<name>` in this repository (`.` is the quickstart's root Pulumi.yaml). */
export function examplePath(name: string): string {
  return path.join(repoRoot, "examples", name);
}

/**
 * The example programs are TypeScript, and `npm run typecheck` already checks them; skipping
 * ts-node's type check inside `pulumi up` saves about five seconds per run. The demo does the same.
 */
export const TRANSPILE_ONLY = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } as const;

/** Options for {@link exampleStack}. */
export interface ExampleStackOptions {
  /** The folder holding the example's Pulumi.yaml. */
  readonly program: string;
  /** The example's own config; `nodion:baseUrl` and the secret `nodion:apiKey` are added. */
  readonly config: Readonly<Record<string, string>>;
  /** Share a backend with another stack (for stack references). */
  readonly backendDir?: string;
}

/** A stack of an example program pointed at `emulator` with its project key. */
export function exampleStack(
  emulator: RunningEmulator,
  options: ExampleStackOptions,
): Promise<TestStack> {
  return TestStack.create({
    program: options.program,
    backendDir: options.backendDir,
    config: { ...options.config, "nodion:baseUrl": emulator.url },
    secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
    env: TRANSPILE_ONLY,
  });
}
