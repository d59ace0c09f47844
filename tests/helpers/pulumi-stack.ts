import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, EngineEvent, OpType, Stack } from "@pulumi/pulumi/automation";
import { outputValues, toolchainWorkspace } from "../../toolchain/automation";
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
  /** Secret config values, set through standard input. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Extra environment variables for every CLI call (e.g. NODION_API_URL). */
  readonly env?: Readonly<Record<string, string>>;
}

/** One resource step the engine reported (a `resourcePreEvent`). */
export interface EngineStep {
  readonly urn: string;
  readonly type: string;
  readonly op: OpType;
  /** The properties whose change caused the step, as the engine reports them. */
  readonly diffs: readonly string[];
  /**
   * The inputs whose values differ between the old and new state of the step (from the event's
   * metadata): the engine's `diffs` stay empty for dynamic resources, whose provider host reports
   * no changed keys.
   */
  readonly changedInputs: readonly string[];
}

/** What one engine operation (up, preview, refresh, destroy) did, through the Automation API. */
export interface EngineRun extends PulumiRun {
  /** Every structured engine event, in order. */
  readonly events: readonly EngineEvent[];
  /**
   * The resource steps (from the events), without the stack itself and provider resources (a
   * dynamic resource's default provider takes every stack config value, so any config change
   * updates it).
   */
  readonly steps: readonly EngineStep[];
}

/** Options of one engine operation. */
export interface EngineRunOptions {
  /** Kill the operation after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Called with each chunk of the CLI's output as it arrives (for live progress). */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * One stack of a real Pulumi program, driven by the real `pulumi` CLI through the Automation API
 * (`LocalWorkspace`, `PulumiCommand` pointed at the toolchain) on a file backend in an ignored
 * folder. Engine operations return structured engine events as well as what the CLI printed, so
 * tests assert on steps and state, and read the text only where the text is what they test.
 *
 * The stack's config file is kept in the test's own folder (`configFile`), so programs in the
 * repository stay untouched. Two things go through a raw CLI call instead ({@link cli}): setting a
 * secret (the Automation API passes config values on the command line; here they go through
 * standard input) and the state export that leak scans read (the Automation API's
 * `exportStack` decrypts secrets; a user's `pulumi stack export` does not). Every call's output
 * is kept in {@link transcript} so tests can scan all of it (for leaked secrets, downloads, ...).
 */
export class TestStack {
  readonly transcript: PulumiRun[] = [];

  private constructor(
    readonly name: string,
    readonly program: string,
    readonly workDir: string,
    readonly backendDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly stack: Stack,
  ) {}

  /** Creates the stack and sets its config. */
  static async create(options: TestStackOptions): Promise<TestStack> {
    const id = crypto.randomBytes(4).toString("hex");
    const name = options.name ?? `t${id}`;
    const workDir = path.join(localDir, "tests", `${name}-${id}`);
    const backendDir = options.backendDir ?? path.join(workDir, "backend");
    fs.mkdirSync(workDir, { recursive: true });
    const env = pulumiEnv({ backendDir, extra: { ...options.env } });
    const program = path.resolve(options.program);
    const workspace = await toolchainWorkspace(program, env);
    const stack = await Stack.create(name, workspace);
    const testStack = new TestStack(name, program, workDir, backendDir, env, stack);
    // Stack creation writes the stack's config (its encryption salt) next to Pulumi.yaml; move it
    // out so the program folder stays clean. Every operation names it with --config-file.
    const written = path.join(program, `Pulumi.${name}.yaml`);
    if (fs.existsSync(written)) fs.renameSync(written, testStack.configFile);
    for (const [key, value] of Object.entries(options.config ?? {})) {
      await testStack.setConfig(key, value);
    }
    for (const [key, value] of Object.entries(options.secrets ?? {})) {
      await testStack.setConfig(key, value, { secret: true });
    }
    return testStack;
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

  /**
   * Runs any pulumi command against this stack as a raw process and returns whatever happened:
   * for what the Automation API cannot do (signals, standard input, exact flags).
   */
  async run(args: readonly string[], opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    const run = await runPulumi(args, { cwd: this.program, env: this.env, ...opts });
    this.transcript.push(run);
    return run;
  }

  /** This stack's environment with `extra` on top, for a raw CLI call that needs more. */
  envWith(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
    return { ...this.env, ...extra };
  }

  /** The flags that point a raw CLI call at this stack and its config file. */
  stackArgs(): string[] {
    return ["--stack", this.name, "--config-file", this.configFile];
  }

  /** `pulumi up` (no preview step); resolves with exit code 0 or the failure's code. */
  up(opts: EngineRunOptions = {}): Promise<EngineRun> {
    return this.engine("up", opts, (common) => this.stack.up({ ...common }));
  }

  /**
   * `pulumi up` as a raw CLI process, for tests that signal or kill it mid-run (the Automation API
   * hides the process).
   */
  upProcess(opts: Partial<RunPulumiOptions> = {}): Promise<PulumiRun> {
    return this.run(["up", "--yes", "--skip-preview", ...this.stackArgs()], opts);
  }

  /** `pulumi preview --diff`; with `expectNoChanges`, any planned change makes it fail. */
  preview(opts: EngineRunOptions & { expectNoChanges?: boolean } = {}): Promise<EngineRun> {
    return this.engine("preview", opts, (common) =>
      this.stack.preview({ ...common, diff: true, expectNoChanges: opts.expectNoChanges }),
    );
  }

  /** `pulumi refresh`; with `runProgram`, stack outputs are recomputed from the refreshed state. */
  refresh(opts: EngineRunOptions & { runProgram?: boolean } = {}): Promise<EngineRun> {
    return this.engine("refresh", opts, (common) =>
      this.stack.refresh({ ...common, runProgram: opts.runProgram }),
    );
  }

  destroy(opts: EngineRunOptions = {}): Promise<EngineRun> {
    return this.engine("destroy", opts, (common) => this.stack.destroy({ ...common }));
  }

  /** The stack outputs, secrets shown (tests compare values). */
  async outputs(): Promise<Record<string, unknown>> {
    return outputValues(this.stack);
  }

  /**
   * `pulumi stack export` as a user runs it (secrets stay encrypted), as text: what leak scans
   * read. For reading state, {@link resources} uses the Automation API's export.
   */
  async exportState(): Promise<string> {
    return (await this.cli(["stack", "export", "--stack", this.name])).stdout;
  }

  /** `pulumi stack import` of a (modified) export. */
  async importState(exported: string): Promise<void> {
    await this.stack.importStack(JSON.parse(exported) as Parameters<Stack["importStack"]>[0]);
  }

  /** The resources of the stack's state (Automation API `exportStack`). */
  async resources(): Promise<StateResource[]> {
    const state = (await this.stack.exportStack()) as {
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

  /** Runs one Automation API operation and turns its outcome, success or failure, into a run. */
  private async engine(
    command: string,
    opts: EngineRunOptions,
    operation: (common: CommonOptions) => Promise<{ stdout: string; stderr: string }>,
  ): Promise<EngineRun> {
    const started = Date.now();
    const events: EngineEvent[] = [];
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 600_000);
    let stdout = "";
    let stderr = "";
    let code = 0;
    try {
      const result = await operation({
        configFile: this.configFile,
        color: "never",
        signal: abort.signal,
        onOutput: (chunk: string) => opts.onOutput?.(chunk),
        onEvent: (event: EngineEvent) => events.push(event),
      });
      stdout = result.stdout;
      stderr = result.stderr;
    } catch (err) {
      const result = commandResultOf(err);
      if (result === undefined) throw err;
      ({ stdout, stderr, code } = result);
      if (code === 0) code = 1;
    } finally {
      clearTimeout(timer);
    }
    const run: EngineRun = {
      args: [command, ...this.stackArgs()],
      code,
      stdout,
      stderr,
      output: `${stdout}\n${stderr}`,
      ms: Date.now() - started,
      events,
      steps: stepsOf(events),
    };
    this.transcript.push(run);
    return run;
  }
}

/** Options every engine operation of {@link TestStack} passes to the Automation API. */
interface CommonOptions {
  readonly configFile: string;
  readonly color: "never";
  readonly signal: AbortSignal;
  readonly onOutput: (chunk: string) => void;
  readonly onEvent: (event: EngineEvent) => void;
}

/** One resource in exported state. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The resource steps of a run's events, the stack resource and providers left out. */
function stepsOf(events: readonly EngineEvent[]): EngineStep[] {
  return events.flatMap((e) => {
    const meta = e.resourcePreEvent?.metadata;
    if (meta === undefined || meta.type === "pulumi:pulumi:Stack") return [];
    if (meta.type.startsWith("pulumi:providers:")) return [];
    const before = meta.old?.inputs ?? {};
    const after = meta.new?.inputs ?? {};
    const changedInputs = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => key !== "__provider")
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .sort();
    return [
      { urn: meta.urn, type: meta.type, op: meta.op, diffs: meta.diffs ?? [], changedInputs },
    ];
  });
}

/**
 * The CLI's result behind an Automation API failure. `CommandError` keeps it in a field its
 * type declares private; the Automation API has no public accessor for the exit code.
 */
function commandResultOf(
  err: unknown,
): { stdout: string; stderr: string; code: number } | undefined {
  if (!(err instanceof CommandError)) return undefined;
  const result = (
    err as unknown as { commandResult?: { stdout: string; stderr: string; code: number } }
  ).commandResult;
  return result ?? { stdout: "", stderr: err.message, code: 1 };
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}
