/**
 * `npm run bench`: runs every scenario of the benchmark side by side, interleaving the variants
 * within each repetition, then prints a Markdown table to stdout and writes bench-results.json.
 * Progress goes to stderr. `BENCH_REPS=n` sets the repetitions (default 3), `BENCH_QUICK=1` makes
 * a small smoke run. Not part of `npm test`: a default run takes minutes.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_BUILD_MS } from "../../emulator";
import { repoRoot } from "../../toolchain/env";
import { BenchEmulator, startBenchEmulator } from "./bench-emulator";
import { BenchOptions, benchOptions } from "./options";
import { BenchReport, markdownReport, writeJsonReport } from "./report";
import type { Samples } from "./samples";
import { measureRefresh } from "./scenario-refresh";
import { measureState } from "./scenario-state";
import { measureUp } from "./scenario-up";
import { variantOrder } from "./order";
import { measureWait } from "./scenario-wait";
import { summarizeSamples } from "./summary";
import { VARIANTS } from "./variants";

const RESULTS_FILE = path.join(repoRoot, "bench-results.json");

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function requireCurl(): void {
  if (spawnSync("sh", ["-c", "command -v curl"]).status !== 0) {
    throw new Error("curl is not installed (the curl baseline needs it): apt-get install -y curl");
  }
}

/** One unmeasured `up` of each program, so the first measured run does not pay for cold caches. */
async function warmUp(bench: BenchEmulator): Promise<void> {
  for (const v of VARIANTS) {
    const { stack } = await measureUp(bench, v, 1, -1);
    await stack.remove();
  }
}

/** One repetition: every N, every variant in turn (see {@link variantOrder}); then the waiting scenario. */
async function repetition(
  bench: BenchEmulator,
  options: BenchOptions,
  rep: number,
  samples: Samples,
): Promise<void> {
  const label = `rep ${rep + 1}/${options.reps}`;
  for (const count of options.upCounts) {
    for (const v of variantOrder(VARIANTS, rep)) {
      const { stack, sample } = await measureUp(bench, v, count, rep);
      try {
        samples.up.push(sample);
        progress(`${label} up N=${count} ${v.name}: ${sample.ms} ms, ${sample.requests} requests`);
        if (count !== options.refreshCount) continue;
        samples.state.push(await measureState(stack, v, count, rep));
        const refreshed = await measureRefresh(bench, stack, v, count, rep);
        samples.refresh.push(refreshed);
        progress(
          `${label} refresh N=${count} ${v.name}: ${refreshed.ms} ms, ${refreshed.listCalls} list calls`,
        );
      } finally {
        await stack.remove();
      }
    }
  }
  const waited = await measureWait(bench, options.waitCount, options.waitBuildMs, rep);
  samples.wait.push(waited);
  progress(
    `${label} wait N=${waited.count}: exit ${waited.lagMs} ms after available, ${waited.pollsPerDeployment} polls each`,
  );
}

async function main(): Promise<void> {
  const options = benchOptions();
  requireCurl();
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0];
  const bench = await startBenchEmulator(options.appCount);
  const samples: Samples = { up: [], refresh: [], wait: [], state: [] };
  try {
    progress(`warming up (${options.reps} repetitions to follow${options.quick ? ", quick" : ""})`);
    await warmUp(bench);
    for (let rep = 0; rep < options.reps; rep++) await repetition(bench, options, rep, samples);
  } finally {
    await bench.close();
  }
  const report: BenchReport = {
    run: {
      startedAt: startedAt.toISOString(),
      wallMs: Date.now() - startedAt.getTime(),
      node: process.version,
      cpus: os.cpus().length,
      loadBefore,
      loadAfter: os.loadavg()[0],
      emulatorBuildMs: DEFAULT_BUILD_MS,
    },
    options,
    summary: summarizeSamples(options, samples),
    samples,
  };
  writeJsonReport(RESULTS_FILE, report);
  process.stdout.write(markdownReport(report));
  progress(`wrote ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
