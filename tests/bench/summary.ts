import type { BenchOptions } from "./options";
import type { Samples } from "./samples";
import { ratio, summarize, Summary } from "./stats";
import type { VariantName } from "./variants";

/** Scenario 1 at one N: CLI wall times per variant and the ratios the targets name. */
export interface UpRow {
  readonly count: number;
  readonly ms: Readonly<Record<VariantName, Summary>>;
  readonly oursVsFloor: number;
  readonly oursVsCurl: number;
  readonly pluginVsCurl: number;
  readonly pluginVsOurs: number;
  /** API requests per deployment (median over repetitions). */
  readonly requestsPerDeployment: Readonly<Record<VariantName, number>>;
}

/** Scenario 2: refresh wall times and list calls. */
export interface RefreshRow {
  readonly count: number;
  readonly apps: number;
  readonly ms: Readonly<Record<VariantName, Summary>>;
  readonly oursVsFloor: number;
  readonly pluginVsCurl: number;
  readonly pluginVsOurs: number;
  readonly oursListCalls: Summary;
  readonly pluginListCalls: Summary;
  /** The most list calls one application got from ours in any repetition. */
  readonly maxListCallsPerApp: number;
  /** The same for the plugin. */
  readonly pluginMaxListCallsPerApp: number;
}

/** Scenario 3: waiting for `available`. */
export interface WaitRow {
  readonly count: number;
  readonly buildMs: number;
  readonly lagMs: Summary;
  readonly detectMs: Summary;
  readonly pollsPerDeployment: Summary;
  readonly ms: Summary;
}

/** Scenario 4 for one variant (medians over repetitions). */
export interface StateRow {
  readonly variant: VariantName;
  readonly count: number;
  readonly entryBytes: number;
  readonly entryBytesMax: number;
  readonly fileBytesPerResource: number;
}

/** One target of the issue and whether this run met it. */
export interface TargetResult {
  readonly target: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: "×" | "calls" | "ms" | "bytes";
  readonly met: boolean;
}

/** Everything the report shows, computed from the samples. */
export interface BenchSummary {
  readonly up: readonly UpRow[];
  readonly refresh: RefreshRow;
  readonly wait: WaitRow;
  readonly state: readonly StateRow[];
  readonly targets: readonly TargetResult[];
}

const NAMES: readonly VariantName[] = ["ours", "floor", "curl", "plugin"];

function byVariant<T>(f: (v: VariantName) => T): Record<VariantName, T> {
  return { ours: f("ours"), floor: f("floor"), curl: f("curl"), plugin: f("plugin") };
}

function upRow(samples: Samples, count: number): UpRow {
  const of = (v: VariantName) => samples.up.filter((s) => s.variant === v && s.count === count);
  const ms = byVariant((v) => summarize(of(v).map((s) => s.ms)));
  return {
    count,
    ms,
    oursVsFloor: ratio(ms.ours, ms.floor),
    oursVsCurl: ratio(ms.ours, ms.curl),
    pluginVsCurl: ratio(ms.plugin, ms.curl),
    pluginVsOurs: ratio(ms.plugin, ms.ours),
    requestsPerDeployment: byVariant((v) => summarize(of(v).map((s) => s.requests / count)).median),
  };
}

/** Medians, spreads, ratios and target verdicts of a run's samples. */
export function summarizeSamples(options: BenchOptions, samples: Samples): BenchSummary {
  const up = options.upCounts.map((n) => upRow(samples, n));
  const refreshOf = (v: VariantName) => samples.refresh.filter((s) => s.variant === v);
  const refreshMs = byVariant((v) => summarize(refreshOf(v).map((s) => s.ms)));
  const refresh: RefreshRow = {
    count: options.refreshCount,
    apps: options.appCount,
    ms: refreshMs,
    oursVsFloor: ratio(refreshMs.ours, refreshMs.floor),
    pluginVsCurl: ratio(refreshMs.plugin, refreshMs.curl),
    pluginVsOurs: ratio(refreshMs.plugin, refreshMs.ours),
    oursListCalls: summarize(refreshOf("ours").map((s) => s.listCalls)),
    pluginListCalls: summarize(refreshOf("plugin").map((s) => s.listCalls)),
    maxListCallsPerApp: Math.max(...refreshOf("ours").map((s) => s.maxListCallsPerApp)),
    pluginMaxListCallsPerApp: Math.max(...refreshOf("plugin").map((s) => s.maxListCallsPerApp)),
  };
  const wait: WaitRow = {
    count: options.waitCount,
    buildMs: options.waitBuildMs,
    lagMs: summarize(samples.wait.map((s) => s.lagMs)),
    detectMs: summarize(samples.wait.map((s) => s.detectMs)),
    pollsPerDeployment: summarize(samples.wait.map((s) => s.pollsPerDeployment)),
    ms: summarize(samples.wait.map((s) => s.ms)),
  };
  const state = NAMES.map((v): StateRow => {
    const of = samples.state.filter((s) => s.variant === v);
    return {
      variant: v,
      count: options.refreshCount,
      entryBytes: summarize(of.map((s) => s.entryBytes)).median,
      entryBytesMax: Math.max(...of.map((s) => s.entryBytesMax)),
      fileBytesPerResource: summarize(of.map((s) => s.fileBytesPerResource)).median,
    };
  });
  const largest = up[up.length - 1];
  const oursState = state[NAMES.indexOf("ours")];
  const targets: TargetResult[] = [
    target(`up N=${largest.count}: ours / floor`, largest.oursVsFloor, 1.15, "×"),
    target(`up N=${largest.count}: ours / curl`, largest.oursVsCurl, 1.0, "×"),
    // The plugin has no dynamic-provider host to start: it should beat curl at every size.
    ...up.map((r) => target(`up N=${r.count}: plugin / curl`, r.pluginVsCurl, 1.0, "×")),
    target(
      `refresh N=${refresh.count}: list calls per application`,
      refresh.maxListCallsPerApp,
      1,
      "calls",
    ),
    target(`wait: available → CLI exit (median)`, wait.lagMs.median, 1000, "ms"),
    target(`state: export entry per deployment (max)`, oursState.entryBytesMax, 3072, "bytes"),
  ];
  return { up, refresh, wait, state, targets };
}

function target(
  name: string,
  measured: number,
  limit: number,
  unit: TargetResult["unit"],
): TargetResult {
  return { target: name, measured, limit, unit, met: measured <= limit };
}
