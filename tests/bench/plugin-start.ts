/**
 * `npm run bench:start`: the plugin's start, from spawn to the port printed on standard output
 * (when the engine can dial it), for the single executable of this checkout's archive:
 *
 *   npm run bench:start                     # 10 runs of this checkout's plugin
 *   npm run bench:start -- <plugin folder>  # and, alternating, an unpacked plugin to compare
 *                                           # (e.g. an older release), started the same way
 *
 * `BENCH_REPS=n` sets the runs per plugin (default 10). Each plugin is started once unmeasured
 * first (cold file caches; a plugin that keeps a code cache writes it then). Prints median, min
 * and max in milliseconds. A figure to report, never asserted.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { currentNodeDir } from "../../toolchain/env";
import { pluginTarball } from "../helpers/plugin";
import { summarize } from "./stats";

/** Spawns `executable` and resolves with the milliseconds until it printed its port. */
function startOnce(executable: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(executable, [], { stdio: ["ignore", "pipe", "inherit"], env });
    child.stdout.once("data", (chunk: Buffer) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill("SIGKILL");
      if (/^\d+\n$/.test(chunk.toString())) resolve(ms);
      else reject(new Error(`${executable} printed ${JSON.stringify(chunk.toString())}`));
    });
    child.once("error", reject);
  });
}

async function main(): Promise<void> {
  const reps = Number(process.env.BENCH_REPS ?? "10");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-bench-start-"));
  try {
    const archive = await pluginTarball();
    const tar = spawn("tar", ["-xzf", archive, "-C", dir], { stdio: "inherit" });
    await new Promise((resolve) => tar.once("exit", resolve));
    // The executable needs nothing on PATH; an older plugin's shim may need `node` there.
    const env = { PATH: [currentNodeDir(), "/usr/bin", "/bin"].join(path.delimiter) };
    const plugins: [string, string][] = [
      ["this checkout", path.join(dir, "pulumi-resource-nodion")],
    ];
    const other = process.argv[2];
    if (other !== undefined) plugins.push([other, path.join(other, "pulumi-resource-nodion")]);
    const samples = new Map<string, number[]>(plugins.map(([name]) => [name, []]));
    for (const [, executable] of plugins) await startOnce(executable, env);
    for (let rep = 0; rep < reps; rep++) {
      // Alternating the order, so neither always runs right after the other.
      const order = rep % 2 === 0 ? plugins : [...plugins].reverse();
      for (const [name, executable] of order)
        samples.get(name)?.push(await startOnce(executable, env));
    }
    console.log("| plugin | runs | median ms | min ms | max ms |");
    console.log("| --- | --- | --- | --- | --- |");
    for (const [name, values] of samples) {
      const s = summarize(values);
      console.log(
        `| ${name} | ${s.count} | ${s.median.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} |`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
