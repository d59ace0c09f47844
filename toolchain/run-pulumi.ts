import { spawn } from "node:child_process";
import * as path from "node:path";
import { toolchainBinDir } from "./env";

/** What one `pulumi` invocation did. */
export interface PulumiRun {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in arrival order. */
  readonly output: string;
  readonly ms: number;
}

/** Options for {@link runPulumi}. */
export interface RunPulumiOptions {
  readonly cwd: string;
  /** The full environment, normally from `pulumiEnv`. */
  readonly env: NodeJS.ProcessEnv;
  /** Written to the CLI's standard input (e.g. a secret for `config set --secret`). */
  readonly input?: string;
  /** Kill the CLI after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Called with each chunk of output as it arrives (for live progress). */
  readonly onOutput?: (chunk: string) => void;
  /** Called once the process has started, e.g. to kill it mid-run in a test. */
  readonly onSpawn?: (pid: number) => void;
}

/** Runs the toolchain's `pulumi` with `args` and resolves with what it printed and its exit code. */
export function runPulumi(args: readonly string[], options: RunPulumiOptions): Promise<PulumiRun> {
  const started = Date.now();
  const exe = path.join(toolchainBinDir(), "pulumi");
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [...args, "--non-interactive"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
      options.onOutput?.(d.toString());
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      output += d.toString();
      options.onOutput?.(d.toString());
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        args,
        code: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        output,
        ms: Date.now() - started,
      });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Like {@link runPulumi}, but throws with the CLI's output when it exits non-zero. */
export async function runPulumiOk(
  args: readonly string[],
  options: RunPulumiOptions,
): Promise<PulumiRun> {
  const run = await runPulumi(args, options);
  if (run.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited ${run.code}:\n${run.output}`);
  }
  return run;
}
