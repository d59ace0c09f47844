import type { BenchEmulator } from "./bench-emulator";
import { benchStack, expectSuccess, timedUp } from "./bench-stack";
import { countRequests } from "./request-counts";
import type { WaitSample } from "./samples";
import { variant } from "./variants";

/**
 * Scenario 3: `count` NodionDeployments (one per application) that wait for `available`, with
 * every build taking `buildMs`. Measures, on the emulator's clock (the same clock as ours: it runs
 * in this process, never advanced), how long after the last deployment became available the CLI
 * exited, and how many list calls each deployment's wait cost.
 */
export async function measureWait(
  bench: BenchEmulator,
  count: number,
  buildMs: number,
  rep: number,
): Promise<WaitSample> {
  const ours = variant("ours");
  await bench.reset();
  for (const app of bench.apps) await bench.emulator.control.setBehaviour(app, { buildMs });
  const stack = await benchStack(ours, bench, { count, wait: "available" });
  try {
    const up = expectSuccess(await timedUp(stack), `ours up waiting (N=${count})`);
    const exitedAt = Date.now();
    const log = await bench.emulator.control.requests();
    const { deployments } = (await bench.emulator.control.state()).state;
    if (deployments.length !== count || deployments.some((d) => d.status !== "available")) {
      throw new Error(
        `expected ${count} available deployments, emulator has ${deployments.map((d) => d.status).join(", ")}`,
      );
    }
    const availableAt = deployments.map((d) => ({
      app: d.appId,
      at: Date.parse(d.createdAt) + d.buildMs,
    }));
    const lists = log
      .filter((e) => e.method === "GET" && e.path.endsWith("/deployments"))
      .map((e) => ({ path: e.path, at: Date.parse(e.at) }));
    // How long each deployment was available before the first list call of its application that
    // could have seen it (the poll granularity); the rest of the lag is the engine finishing up.
    const detectMs = availableAt.map(({ app, at }) => {
      const seen = lists.find((l) => l.path.includes(app) && l.at >= at);
      return seen === undefined ? Number.NaN : seen.at - at;
    });
    const listCalls = countRequests(log).listCalls;
    return {
      count,
      rep,
      buildMs,
      ms: up.ms,
      lagMs: exitedAt - Math.max(...availableAt.map((a) => a.at)),
      detectMs: Math.max(...detectMs),
      // Each create lists the application once before it POSTs; every other list call is a poll.
      pollsPerDeployment: (listCalls - count) / count,
      listCalls,
    };
  } finally {
    await stack.remove();
  }
}
