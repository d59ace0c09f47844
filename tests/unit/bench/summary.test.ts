import * as assert from "node:assert/strict";
import { benchOptions } from "../../bench/options";
import type { Samples, UpSample } from "../../bench/samples";
import { summarizeSamples } from "../../bench/summary";
import { VARIANTS, VariantName } from "../../bench/variants";

const options = benchOptions({ BENCH_QUICK: "1" });

/** One sample per variant and N with the given wall times (ms), one request per deployment. */
function samples(ms: (v: VariantName, count: number) => number): Samples {
  const up: UpSample[] = options.upCounts.flatMap((count) =>
    VARIANTS.map((v) => ({
      variant: v.name,
      count,
      rep: 0,
      ms: ms(v.name, count),
      listCalls: 0,
      posts: count * v.postsPerResource,
      requests: count * v.postsPerResource,
    })),
  );
  const refresh = VARIANTS.map((v) => ({
    variant: v.name,
    count: options.refreshCount,
    apps: options.appCount,
    rep: 0,
    ms: v.name === "plugin" ? 2000 : 4000,
    listCalls: v.readsOnRefresh ? options.appCount : 0,
    maxListCallsPerApp: v.readsOnRefresh ? 1 : 0,
    requests: 0,
  }));
  const state = VARIANTS.map((v) => ({
    variant: v.name,
    count: options.refreshCount,
    rep: 0,
    entryBytes: v.name === "ours" ? 2000 : 1000,
    entryBytesMax: v.name === "ours" ? 2100 : 1100,
    fileBytes: 0,
    fileBytesPerResource: 0,
  }));
  const wait = [
    {
      count: 5,
      rep: 0,
      buildMs: 5000,
      ms: 9000,
      lagMs: 500,
      detectMs: 400,
      pollsPerDeployment: 2,
      listCalls: 10,
    },
  ];
  return { up, refresh, state, wait };
}

const pluginTargets = (s: ReturnType<typeof summarizeSamples>) =>
  s.targets.filter((t) => t.target.includes("plugin / curl"));

describe("bench summary: the plugin variant", () => {
  it("reports plugin/curl and plugin/ours for every N and for refresh", () => {
    const s = summarizeSamples(
      options,
      samples((v) => ({ ours: 4000, floor: 3000, curl: 5000, plugin: 2500 })[v]),
    );
    for (const row of s.up) {
      assert.equal(row.pluginVsCurl, 0.5);
      assert.equal(row.pluginVsOurs, 0.625);
      assert.equal(row.requestsPerDeployment.plugin, 1);
    }
    assert.equal(s.refresh.pluginVsCurl, 0.5);
    assert.equal(s.refresh.pluginVsOurs, 0.5);
    assert.equal(s.refresh.pluginMaxListCallsPerApp, 1);
    assert.deepEqual(
      s.state.map((r) => r.variant),
      ["ours", "floor", "curl", "plugin"],
    );
  });

  it("has one 'plugin up ≤ curl' target per N, each failing only where the plugin is slower", () => {
    const slowAtTen = samples((v, n) =>
      v === "plugin" ? (n === 10 ? 6000 : 1000) : v === "curl" ? 5000 : 4000,
    );
    const targets = pluginTargets(summarizeSamples(options, slowAtTen));
    assert.deepEqual(
      targets.map((t) => [t.target, t.met]),
      options.upCounts.map((n) => [`up N=${n}: plugin / curl`, n !== 10]),
    );
  });

  it("keeps the state target on ours, not on the variant listed first", () => {
    const s = summarizeSamples(
      options,
      samples(() => 1000),
    );
    const stateTarget = s.targets.find((t) => t.target.startsWith("state:"));
    assert.equal(stateTarget?.measured, 2100);
  });
});
