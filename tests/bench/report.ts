import * as fs from "node:fs";
import type { BenchOptions } from "./options";
import type { Samples } from "./samples";
import type { Summary } from "./stats";
import type { BenchSummary, TargetResult } from "./summary";

/** Facts about the run that make its numbers comparable (or not) with another run's. */
export interface RunInfo {
  readonly startedAt: string;
  readonly wallMs: number;
  readonly node: string;
  readonly cpus: number;
  /** 1-minute load average before and after: high values mean the timings are noisy. */
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly emulatorBuildMs: number;
}

/** What `bench-results.json` holds. */
export interface BenchReport {
  readonly run: RunInfo;
  readonly options: BenchOptions;
  readonly summary: BenchSummary;
  readonly samples: Samples;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const spread = (s: Summary, fmt: (n: number) => string): string =>
  s.count > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
const times = (r: number): string => (Number.isNaN(r) ? "n/a" : `${r.toFixed(2)}×`);
const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function measured(t: TargetResult): string {
  if (t.unit === "×") return times(t.measured);
  if (t.unit === "ms") return seconds(t.measured);
  return `${num(t.measured)} ${t.measured === 1 && t.unit === "calls" ? "call" : t.unit}`;
}

function limit(t: TargetResult): string {
  if (t.unit === "×") return `≤ ${times(t.limit)}`;
  if (t.unit === "ms") return `≤ ${seconds(t.limit)}`;
  return `≤ ${t.limit} ${t.limit === 1 && t.unit === "calls" ? "call" : t.unit}`;
}

/** The run's results as Markdown: one table per scenario, then the targets. */
export function markdownReport(report: BenchReport): string {
  const { run, options, summary } = report;
  const { refresh, wait } = summary;
  const reps = `${options.reps} repetition${options.reps === 1 ? "" : "s"}`;
  return [
    `## pulumi-nodion benchmark${options.quick ? " (quick)" : ""}`,
    "",
    `${run.startedAt}, ${reps}, node ${run.node}, ${run.cpus} CPUs, load average ${run.loadBefore.toFixed(2)} before / ${run.loadAfter.toFixed(2)} after, run took ${seconds(run.wallMs)}. ` +
      `Times are the CLI's wall time, median (min–max). Emulator build time ${seconds(run.emulatorBuildMs)}; ${options.appCount} applications, resources spread round-robin.`,
    "",
    "### 1. `pulumi up` creating N deployments, waiting off",
    "",
    table(
      [
        "N",
        "ours",
        "floor (no-op dynamic)",
        "curl Command",
        "plugin",
        "ours / floor",
        "ours / curl",
        "plugin / curl",
        "plugin / ours",
        "API requests per deployment (ours / curl / plugin)",
      ],
      summary.up.map((r) => [
        String(r.count),
        spread(r.ms.ours, seconds),
        spread(r.ms.floor, seconds),
        spread(r.ms.curl, seconds),
        spread(r.ms.plugin, seconds),
        times(r.oursVsFloor),
        times(r.oursVsCurl),
        times(r.pluginVsCurl),
        times(r.pluginVsOurs),
        `${num(r.requestsPerDeployment.ours)} / ${num(r.requestsPerDeployment.curl)} / ${num(r.requestsPerDeployment.plugin)}`,
      ]),
    ),
    "",
    `### 2. \`pulumi refresh\` of ${refresh.count} deployments over ${refresh.apps} applications`,
    "",
    table(
      [
        "ours",
        "floor (no-op dynamic)",
        "curl Command",
        "plugin",
        "ours / floor",
        "plugin / curl",
        "plugin / ours",
        "list calls (ours / plugin)",
        "most list calls for one application (ours / plugin)",
      ],
      [
        [
          spread(refresh.ms.ours, seconds),
          spread(refresh.ms.floor, seconds),
          spread(refresh.ms.curl, seconds),
          spread(refresh.ms.plugin, seconds),
          times(refresh.oursVsFloor),
          times(refresh.pluginVsCurl),
          times(refresh.pluginVsOurs),
          `${spread(refresh.oursListCalls, num)} / ${spread(refresh.pluginListCalls, num)}`,
          `${num(refresh.maxListCallsPerApp)} / ${num(refresh.pluginMaxListCallsPerApp)}`,
        ],
      ],
    ),
    "",
    `### 3. Waiting for \`available\`: ${wait.count} deployments (one per application), build ${seconds(wait.buildMs)}`,
    "",
    table(
      [
        "last deployment available → CLI exit",
        "available → first list call that saw it (worst deployment)",
        "polls per deployment",
        "whole `pulumi up`",
      ],
      [
        [
          spread(wait.lagMs, seconds),
          spread(wait.detectMs, seconds),
          spread(wait.pollsPerDeployment, num),
          spread(wait.ms, seconds),
        ],
      ],
    ),
    "",
    `### 4. Stack state per deployment (N=${options.refreshCount})`,
    "",
    table(
      ["variant", "export entry (median)", "export entry (largest)", "state file / N"],
      summary.state.map((s) => [
        s.variant,
        `${s.entryBytes} B`,
        `${s.entryBytesMax} B`,
        `${s.fileBytesPerResource} B`,
      ]),
    ),
    "",
    "### Targets",
    "",
    table(
      ["target", "measured", "limit", "met"],
      summary.targets.map((t) => [t.target, measured(t), limit(t), t.met ? "yes" : "**no**"]),
    ),
    "",
  ].join("\n");
}

/** Writes the whole report, samples included, as JSON. */
export function writeJsonReport(file: string, report: BenchReport): void {
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
