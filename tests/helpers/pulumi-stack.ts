import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { localDir, pulumiEnv } from "../../toolchain/env";
import { PulumiRun, runPulumi, RunPulumiOptions } from "../../toolchain/run-pulumi";

/** Options for {@link TestStack.create}. */
export interface TestStackOptions {
  /** Folder holding the program's Pulumi.yaml. */
  readonly program: string;
  /** Stack name; a unique one by default. */
  readonly name?: string;
  /** Share a backend folder with another stack (needed for stack references). */
  readonly backendDir?: string;
  /** Plain config values (`project:key` or `key`). */
  readonly config?: Readonly<Record<string, string>>;
  /** Secret config values, set with `--secret`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Extra environment variables for every CLI call (e.g. NODION_API_URL). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * One stack of a real Pulumi program, driven through the real `pulumi` CLI on a file backend in an
 * ignored folder. Its config lives in that folder too (`--config-file`), so programs in the
 * repository stay untouched. Every CLI call's output is kept in {@link transcript} so tests can
 * scan all of it (for leaked secrets, download attempts, ...).
 */
export class TestStack {
  readonly transcript: PulumiRun[] = [];

  private constructor(
    readonly name: string,
    readonly program: string,
    readonly workDir: string,
    readonly backendDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Creates the stack (`pulumi stack init`) and sets its config. */
  static async create(options: TestStackOptions): Promise<TestStack> {
    const id = crypto.randomBytes(4).toString("hex");
    const name = options.name ?? `t${id}`;
    const workDir = path.join(localDir, "tests", `${name}-${id}`);
    const backendDir = options.backendDir ?? path.join(workDir, "backend");
    fs.mkdirSync(workDir, { recursive: true });
    const env = pulumiEnv({ backendDir, extra: { ...options.env } });
    const stack = new TestStack(name, path.resolve(options.program), workDir, backendDir, env);
    await stack.cli(["stack", "init", name]);
    // `stack init` writes the stack's config (its encryption salt) next to Pulumi.yaml and has no
    // --config-file flag; move it out so the program folder stays clean.
    const written = path.join(stack.program, `Pulumi.${name}.yaml`);
    if (fs.existsSync(written)) fs.renameSync(written, stack.configFile);
    for (const [key, value] of Object.entries(options.config ?? {})) {
      await stack.setConfig(key, value);
    }
    for (const [key, value] of Object.entries(options.secrets ?? {})) {
      await stack.setConfig(key, value, { secret: true });
    }
    return stack;
  }

  /** The stack's config file, kept outside the program folder. */
  get configFile(): string {
    return path.join(this.workDir, `Pulumi.${this.name}.yaml`);
  }

  /** Sets a config value; secrets go through standard input, never the command line. */
  async setConfig(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
    const args = ["config", "set", key, ...(opts.secret ? ["--secret"] : []), ...this.stackArgs()];
    await this.cli(args, { input: value });
  }

  /** Runs any pulumi command against this stack; throws on a non-zero exit. */
  async cli(args: readonly string[], opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    const run = await this.run(args, opts);
    if (run.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${run.code}:\n${run.output}`);
    }
    return run;
  }

  /** Runs any pulumi command against this stack and returns whatever happened. */
  async run(args: readonly string[], opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    const run = await runPulumi(args, { cwd: this.program, env: this.env, ...opts });
    this.transcript.push(run);
    return run;
  }

  private stackArgs(): string[] {
    return ["--stack", this.name, "--config-file", this.configFile];
  }

  up(opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    return this.run(["up", "--yes", "--skip-preview", ...this.stackArgs()], opts);
  }

  preview(opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    return this.run(["preview", "--diff", ...this.stackArgs()], opts);
  }

  /** `pulumi refresh`; with `runProgram`, stack outputs are recomputed from the refreshed state. */
  refresh(opts: Partial<RunPulumiOptions> & { runProgram?: boolean } = {}): Promise<PulumiRun> {
    const extra = opts.runProgram ? ["--run-program"] : [];
    return this.run(["refresh", "--yes", "--skip-preview", ...extra, ...this.stackArgs()], opts);
  }

  destroy(opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    return this.run(["destroy", "--yes", "--skip-preview", ...this.stackArgs()], opts);
  }

  /** The stack outputs, secrets shown (tests compare values). */
  async outputs(): Promise<Record<string, unknown>> {
    // `stack output` has no --config-file; the passphrase salt is also kept in the state.
    const run = await this.cli([
      "stack",
      "output",
      "--json",
      "--show-secrets",
      "--stack",
      this.name,
    ]);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` output, as printed (secrets stay encrypted). */
  async exportState(): Promise<string> {
    return (await this.cli(["stack", "export", "--stack", this.name])).stdout;
  }

  /** `pulumi stack import` of a (modified) export. */
  async importState(exported: string): Promise<void> {
    const file = path.join(this.workDir, "import.json");
    fs.writeFileSync(file, exported);
    await this.cli(["stack", "import", "--file", file, "--stack", this.name]);
  }

  /** The resources of the exported state. */
  async resources(): Promise<StateResource[]> {
    const state = JSON.parse(await this.exportState()) as {
      deployment: { resources?: StateResource[] };
    };
    return state.deployment.resources ?? [];
  }

  /** Every file the backend wrote (state, history, backups), as text. */
  rawBackendFiles(): string[] {
    return listFiles(this.backendDir).map((f) => fs.readFileSync(f, "utf8"));
  }

  /** Everything the CLI printed so far. */
  allOutput(): string {
    return this.transcript.map((r) => r.output).join("\n");
  }

  /** Removes the stack and its files (best effort). */
  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force", "--stack", this.name]);
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** One resource in exported state. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}
