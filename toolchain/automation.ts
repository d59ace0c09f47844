import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { toolchainLink } from "./env";

/**
 * An Automation API workspace for the program in `workDir`, run by the toolchain's `pulumi`
 * (never a downloaded one) with `env` (normally from `pulumiEnv`) as its whole environment.
 */
export async function toolchainWorkspace(
  workDir: string,
  env: NodeJS.ProcessEnv,
): Promise<LocalWorkspace> {
  return LocalWorkspace.create({
    workDir,
    pulumiCommand: await PulumiCommand.get({ root: toolchainLink, skipVersionCheck: true }),
    // The Automation API wants defined strings only.
    envVars: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
}

/** The stack's outputs as plain values (secrets shown: callers compare or print values). */
export async function outputValues(stack: Stack): Promise<Record<string, unknown>> {
  const outputs = await stack.outputs();
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value as unknown]));
}
