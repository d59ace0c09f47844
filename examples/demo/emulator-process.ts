import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorControl, LISTENING_PREFIX } from "../../emulator";
import { repoRoot } from "../../toolchain/env";

/** The emulator's command as the package ships it (the `nodion-emulator` bin), built by setup. */
const CLI = path.join(repoRoot, "node_modules", "pulumi-nodion", "dist", "emulator", "cli.js");

/** Options for {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  /** Where the emulator keeps its state between starts. */
  readonly stateFile: string;
  /** How long each emulated build takes. */
  readonly buildMs: number;
}

/** A Nodion emulator running as its own process. */
export interface EmulatorProcess {
  /** API base URL (`http://127.0.0.1:PORT/v1`). */
  readonly url: string;
  readonly pid: number;
  readonly control: EmulatorControl;
  /** Stops it with SIGTERM (it writes its state file) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `nodion-emulator` on a free port and resolves once it says where it listens. */
export async function startEmulatorProcess(
  options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run \`bash toolchain/setup.sh\` (npm run demo does)`);
  }
  const args = ["--port", "0", "--quiet", "--state-file", options.stateFile];
  const child = spawn(process.execPath, [CLI, ...args, "--build-ms", String(options.buildMs)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave an emulator behind, whatever way this process ends.
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const url = await listeningUrl(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    pid: child.pid ?? -1,
    control: new EmulatorControl(url),
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail("did not report its address within 30 s"), 30_000);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`the Nodion emulator ${why}${stderr ? `:\n${stderr}` : ""}`));
    }
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("exit", (code) => fail(`exited with status ${code} before it was ready`));
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split("\n").find((l) => l.startsWith(LISTENING_PREFIX));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(line.slice(LISTENING_PREFIX.length).trim());
    });
  });
}
