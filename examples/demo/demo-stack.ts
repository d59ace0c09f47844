import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, Stack } from "@pulumi/pulumi/automation";
import { outputValues, toolchainWorkspace } from "../../toolchain/automation";
import { PulumiRun, runPulumi } from "../../toolchain/run-pulumi";
import { PulumiProgress } from "./progress";

/** Options for {@link DemoStack.create}. */
export interface DemoStackOptions {
  /** The folder holding the program's Pulumi.yaml. */
  readonly programDir: string;
  /** Stack name, e.g. `dev`. */
  readonly name: string;
  /** Where this stack's config file is kept (outside the program folder). */
  readonly configDir: string;
  /** The environment of every CLI call (from `pulumiEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** Plain config values. */
  readonly config: Readonly<Record<string, string>>;
  /** Secret config values; they reach the CLI through standard input only. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * One stack of a program in this repository, driven through the Pulumi Automation API with the
 * toolchain's CLI. Its config file lives in the demo's own folder, so the demo never writes into
 * (or over) a `Pulumi.dev.yaml` that a user keeps next to the program. Creating the stack and
 * setting its config use the CLI directly: `stack init` there runs in a folder of its own, and
 * secrets reach the CLI through standard input (the Automation API puts them on its command line).
 */
export class DemoStack {
  private constructor(
    readonly project: string,
    readonly name: string,
    private readonly programDir: string,
    private readonly configFile: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly stack: Stack,
  ) {}

  /** Creates the stack and sets its config. */
  static async create(options: DemoStackOptions): Promise<DemoStack> {
    const project = projectName(options.programDir);
    fs.mkdirSync(options.configDir, { recursive: true });
    // `stack init` writes the new stack's config next to the Pulumi.yaml it finds and has no flag
    // to say otherwise, so it runs in a folder holding only a copy of the project's name.
    fs.writeFileSync(
      path.join(options.configDir, "Pulumi.yaml"),
      `name: ${project}\nruntime: nodejs\n`,
    );
    await ok(["stack", "init", options.name], { cwd: options.configDir, env: options.env });
    const configFile = path.join(options.configDir, `Pulumi.${options.name}.yaml`);
    const workspace = await toolchainWorkspace(options.programDir, options.env);
    const automation = await Stack.select(options.name, workspace);
    const stack = new DemoStack(
      project,
      options.name,
      options.programDir,
      configFile,
      options.env,
      automation,
    );
    for (const [key, value] of Object.entries(options.config)) {
      await stack.run(["config", "set", key, value, ...stack.target()]);
    }
    for (const [key, value] of Object.entries(options.secrets)) {
      await stack.run(["config", "set", "--secret", key, ...stack.target()], value);
    }
    return stack;
  }

  /** How another stack names this one in a StackReference (file backends use `organization`). */
  get qualifiedName(): string {
    return `organization/${this.project}/${this.name}`;
  }

  /** `pulumi up`, showing progress as it happens. */
  async up(): Promise<void> {
    await this.engine("up", (onOutput) =>
      this.stack.up({ configFile: this.configFile, color: "never", onOutput }),
    );
  }

  /** `pulumi refresh --run-program`: re-reads resources and recomputes the stack outputs. */
  async refresh(): Promise<void> {
    await this.engine("refresh", (onOutput) =>
      this.stack.refresh({
        configFile: this.configFile,
        color: "never",
        runProgram: true,
        onOutput,
      }),
    );
  }

  /** The stack outputs. */
  async outputs(): Promise<Record<string, unknown>> {
    return outputValues(this.stack);
  }

  /** Runs one engine operation, showing its output as it arrives; throws with it on failure. */
  private async engine(
    command: string,
    operation: (onOutput: (chunk: string) => void) => Promise<{ stderr: string }>,
  ): Promise<void> {
    const progress = new PulumiProgress();
    try {
      const result = await operation(progress.write);
      // Provider progress lines come on standard error; show them after the step's output.
      progress.write(result.stderr);
    } catch (err) {
      if (err instanceof CommandError) {
        throw new Error(`\`pulumi ${command}\` failed:\n${err.message}`);
      }
      throw err;
    } finally {
      progress.flush();
    }
  }

  private target(): string[] {
    return ["--stack", this.name, "--config-file", this.configFile];
  }

  private async run(args: string[], input?: string, showProgress = false): Promise<PulumiRun> {
    const progress = showProgress ? new PulumiProgress() : undefined;
    try {
      return await ok(args, {
        cwd: this.programDir,
        env: this.env,
        input,
        onOutput: progress?.write,
      });
    } finally {
      progress?.flush();
    }
  }
}

/** Runs the CLI and throws, with what it printed, when it fails. */
async function ok(
  args: readonly string[],
  options: Parameters<typeof runPulumi>[1],
): Promise<PulumiRun> {
  const run = await runPulumi(args, options);
  if (run.code !== 0) {
    throw new Error(`\`pulumi ${args[0]} ${args[1] ?? ""}\` exited ${run.code}:\n${run.output}`);
  }
  return run;
}

function projectName(programDir: string): string {
  const yaml = fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8");
  const name = /^name:\s*(\S+)\s*$/m.exec(yaml)?.[1];
  if (name === undefined) throw new Error(`${programDir}/Pulumi.yaml has no project name`);
  return name;
}
