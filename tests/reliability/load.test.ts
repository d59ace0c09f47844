import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  SEED_WEB_APP_ID,
  SEED_WORKER_APP_ID,
} from "../../emulator";
import { startTestEmulator } from "../helpers/nodion";
import { TestStack } from "../helpers/pulumi-stack";
import { deploymentsPath, LeakWatch, RELIABILITY_ENV } from "./faults";

const manyProgram = path.join(__dirname, "..", "programs", "many");
const apps = [SEED_API_APP_ID, SEED_WORKER_APP_ID, SEED_WEB_APP_ID];
/** Tight enough that a 50-resource stack meets hundreds of 429s. */
const RATE_LIMIT = { requestsPerSecond: 5, burst: 10 };

function manyStack(emulator: RunningEmulator, count: number, appIds: string[], trigger: string) {
  return TestStack.create({
    program: manyProgram,
    config: {
      count: String(count),
      applicationIds: JSON.stringify(appIds),
      trigger,
      baseUrl: emulator.url,
    },
    secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
    env: RELIABILITY_ENV,
  });
}

/** Every deployment id the emulator holds, and the log's answers to POSTs by status. */
async function apiView(emulator: RunningEmulator) {
  const { state } = await emulator.control.state();
  const posts = (await emulator.control.requests()).filter((r) => r.method === "POST");
  return {
    ids: new Set(state.deployments.map((d) => d.id)),
    posted: posts.filter((r) => r.status === 200).length,
    rateLimited: (await emulator.control.requests()).filter((r) => r.status === 429).length,
  };
}

describe("many deployments under an API rate limit", () => {
  const leaks = new LeakWatch();
  let emulator: RunningEmulator;
  const stacks: TestStack[] = [];

  before(async () => {
    emulator = await startTestEmulator({
      rateLimit: RATE_LIMIT,
      buildMs: 3000,
      log: (line) => leaks.emulatorLog.push(line),
    });
  });

  after(async () => {
    for (const stack of stacks) await stack.remove();
    await emulator?.close();
  });

  it("deploys 50 resources of one stack exactly once each, through 429s and ambiguous POST failures", async () => {
    const stack = await manyStack(emulator, 50, apps, "load");
    stacks.push(stack);
    // Failed POSTs among concurrent ones: each must get its own deployment, never a sibling's.
    const posts = { method: "POST", path: "/deployments" } as const;
    await emulator.control.addFault({ ...posts, status: 500, times: 2 });
    await emulator.control.addFault({ ...posts, action: "drop_after", times: 2 });

    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const view = await apiView(emulator);
    assert.ok(view.rateLimited > 0, "the rate limit was hit");
    assert.equal(view.ids.size, 50, "exactly 50 deployments exist");

    const out = await stack.outputs();
    const ids = out.deploymentIds as string[];
    assert.equal(new Set(ids).size, 50, "each resource has its own deployment");
    assert.ok(ids.every((id) => view.ids.has(id)));
    assert.deepEqual([...new Set(out.statuses as string[])], ["available"]);

    await emulator.control.clearRequests();
    const again = await stack.up();
    assert.equal(again.code, 0, again.output);
    assert.equal((await apiView(emulator)).posted, 0, "a second up deploys nothing");
    await leaks.capture(stack);
  });

  it("lets two stacks deploy the same application at once, each resource exactly once", async () => {
    await emulator.control.reset();
    const [first, second] = await Promise.all([
      manyStack(emulator, 10, [SEED_API_APP_ID], "first"),
      manyStack(emulator, 10, [SEED_API_APP_ID], "second"),
    ]);
    stacks.push(first, second);

    const runs = await Promise.all([first.up(), second.up()]);
    for (const run of runs) assert.equal(run.code, 0, run.output);
    const view = await apiView(emulator);
    assert.ok(view.rateLimited > 0, "the rate limit was hit");
    assert.equal(view.posted, 20, "exactly 20 POSTs created deployments");
    assert.equal(view.ids.size, 20);
    const ids = [
      ...((await first.outputs()).deploymentIds as string[]),
      ...((await second.outputs()).deploymentIds as string[]),
    ];
    assert.equal(new Set(ids).size, 20, "no two resources share a deployment");
    await leaks.capture(first);
    await leaks.capture(second);
  });

  it("never shows the API key in output, state, exports or the emulator log", () => {
    assert.ok(leaks.emulatorLog.some((l) => l.includes(deploymentsPath(SEED_API_APP_ID))));
    leaks.assertNoKey();
  });
});
