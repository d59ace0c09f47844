import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_READ_KEY,
  SEED_SANDBOX_KEY,
  SEED_SANDBOX_PROJECT_ID,
} from "../../emulator";
import { pulumiEnv } from "../../toolchain/env";
import { TestStack } from "../helpers/pulumi-stack";
import {
  assertFaultsFired,
  assertOneLine,
  deploymentCount,
  deploymentIds,
  deploymentsPath,
  LeakWatch,
  postCount,
  RELIABILITY_ENV,
  RELIABILITY_KEY,
  reliabilityStack,
  startReliabilityEmulator,
  waitFor,
} from "./faults";

const app = SEED_API_APP_ID;
const programs = path.join(__dirname, "..", "programs");

/** How far behind its writes a lagging list is in the trigger and polling cases. */
const LIST_LAG_MS = 1500;

// The faults that do not fit one row of the matrix: a list that lags behind the POST, a key or
// project id for another project, sibling resources with the same trigger, an unclear update
// whose follow-up read fails, and the API key given as a resource input. One emulator; each case
// counts deployments (emulator state) and POSTs (request log) and ends with the stack converged.
describe("fault scenarios beyond the matrix", () => {
  const leaks = new LeakWatch();
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
  });

  after(async () => {
    await emulator?.close();
  });

  describe("one deployment stack", () => {
    let stack: TestStack;

    before(async () => {
      stack = await reliabilityStack(emulator, {
        applicationId: app,
        triggers: JSON.stringify(["initial"]),
      });
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
    });

    // A failed case must not leave its fault to the next one.
    afterEach(async () => {
      await emulator.control.clearFaults();
    });

    after(async () => {
      if (stack === undefined) return;
      await leaks.capture(stack);
      await stack.remove();
    });

    async function deploymentInState(): Promise<Record<string, unknown> | undefined> {
      const resources = await stack.resources();
      return resources.find((r) => r.type.endsWith("nodion:Deployment"))?.outputs;
    }

    /** The stack's deployment is the application's newest, available, and nothing else was made. */
    async function assertRecorded(expectedCount: number): Promise<void> {
      assert.equal(await deploymentCount(emulator, app), expectedCount, "deployments");
      const out = await stack.outputs();
      assert.equal(out.deploymentId, (await deploymentIds(emulator, app)).at(-1));
      assert.equal(out.status, "available");
    }

    it("trigger: records a deployment every list shows only 1.5 s after the POST returned it", async () => {
      await stack.setConfig("triggers", JSON.stringify(["lag-trigger"]));
      const before = await deploymentCount(emulator, app);
      await emulator.control.clearRequests();
      await emulator.control.addListLag({ lagMs: LIST_LAG_MS, times: 1000 });
      const up = await stack.up();
      await emulator.control.clearFaults();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 1, "one POST");
      await assertRecorded(before + 1);
    });

    it("polling: records a deployment the polls show only 1.5 s after the POST returned it", async () => {
      await stack.setConfig("triggers", JSON.stringify(["lag-polling"]));
      const before = await deploymentCount(emulator, app);
      await emulator.control.clearRequests();
      const running = stack.up();
      await waitFor(async () => {
        const log = await emulator.control.requests();
        return log.some((r) => r.method === "POST" && r.status === 200);
      }, "the trigger POST");
      await emulator.control.addListLag({ lagMs: LIST_LAG_MS, times: 1000 });
      const up = await running;
      const lagged = (await emulator.control.faults())[0]?.fired ?? 0;
      await emulator.control.clearFaults();
      assert.equal(up.code, 0, up.output);
      assert.ok(lagged > 0, "a poll met the lagging list");
      assert.equal(await postCount(emulator, app), 1, "one POST");
      await assertRecorded(before + 1);
    });

    it("refresh: keeps a deployment a lagging list does not show yet, in one line saying why", async () => {
      // Every deployment so far becomes ten minutes old; the next one is then the only one a
      // five-minute lag hides, and the list still shows the older ones (not an empty list).
      await emulator.control.advanceClock(10 * 60_000);
      await stack.setConfig("triggers", JSON.stringify(["lag-refresh"]));
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      const ours = await deploymentInState();
      const n = Number(ours?.deployNumber);
      await emulator.control.addListLag({ lagMs: 5 * 60_000, times: 1000 });
      const refresh = await stack.refresh();
      const lagged = (await emulator.control.faults())[0]?.fired ?? 0;
      await emulator.control.clearFaults();
      assert.ok(lagged > 0, "the refresh met the lagging list");
      assert.notEqual(refresh.code, 0, "refresh fails");
      assertOneLine(
        refresh.output,
        new RegExp(
          `refresh: deploy #${n} .* is not in the deployment list .*up to deploy #${n - 1}\\); that is not proof it is gone \\(the list may lag.*pulumi state delete <urn>`,
        ),
        "refresh: a list lagging 5 min",
      );
      assert.equal((await deploymentInState())?.deploymentId, ours?.deploymentId, "kept");
      const again = await stack.refresh();
      assert.equal(again.code, 0, again.output);
      assert.equal((await deploymentInState())?.deploymentId, ours?.deploymentId, "kept");
    });

    it("keeps the resource and deploys nothing when the key belongs to another project", async () => {
      const kept = await deploymentInState();
      const before = await deploymentCount(emulator, app);
      await emulator.control.clearRequests();
      await stack.setConfig("nodion:apiKey", SEED_SANDBOX_KEY, { secret: true });
      try {
        // Refresh reads with the provider settings in state; an up with no change records the
        // new key there without a request (as a user's next `up` after switching keys would).
        const recorded = await stack.up();
        assert.equal(recorded.code, 0, recorded.output);
        assert.deepEqual(await emulator.control.requests(), [], "no request");
        const refresh = await stack.refresh();
        assert.notEqual(refresh.code, 0, "refresh fails");
        assertOneLine(
          refresh.output,
          /404 Not Found .*answers 404 with the API key from nodion:apiKey and no project id .*not proof it is gone .*check the key and nodion:projectId .*pulumi state delete <urn>/,
          "refresh: a key of another project",
        );
        assert.deepEqual(await deploymentInState(), kept, "the resource is unchanged");

        await stack.setConfig("triggers", JSON.stringify(["scoped"]));
        const up = await stack.up();
        assert.notEqual(up.code, 0, "up fails");
        assertOneLine(
          up.output,
          /404 Not Found .*Check the application ID/,
          "up: a key of another project",
        );
        assert.equal(await postCount(emulator, app), 0, "no POST");
      } finally {
        await stack.setConfig("nodion:apiKey", RELIABILITY_KEY, { secret: true });
      }
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 1, "the trigger change deploys once");
      await assertRecorded(before + 1);
    });

    it("keeps the resource when NODION_PROJECT_ID selects another project", async () => {
      const kept = await deploymentInState();
      await stack.setConfig("nodion:apiKey", SEED_READ_KEY, { secret: true });
      try {
        const recorded = await stack.up();
        assert.equal(recorded.code, 0, recorded.output);
        const env = pulumiEnv({
          backendDir: stack.backendDir,
          extra: { ...RELIABILITY_ENV, NODION_PROJECT_ID: SEED_SANDBOX_PROJECT_ID },
        });
        // Another environment for one command: a raw CLI call (the workspace owns its own).
        const refresh = await stack.run(
          ["refresh", "--yes", "--skip-preview", ...stack.stackArgs()],
          { env },
        );
        assert.notEqual(refresh.code, 0, "refresh fails");
        assertOneLine(
          refresh.output,
          new RegExp(
            `answers 404 with the API key from nodion:apiKey and project ${SEED_SANDBOX_PROJECT_ID} \\(from NODION_PROJECT_ID\\); that is not proof it is gone`,
          ),
          "refresh: NODION_PROJECT_ID of another project",
        );
        assert.deepEqual(await deploymentInState(), kept, "the resource is unchanged");
      } finally {
        await stack.setConfig("nodion:apiKey", RELIABILITY_KEY, { secret: true });
      }
    });

    it("adopts the finished build after an unclear update POST whose follow-up list read failed", async () => {
      const { sha } = await emulator.control.pushCommit(app);
      await stack.setConfig("triggers", JSON.stringify([sha]));
      const before = await deploymentCount(emulator, app);
      await emulator.control.clearRequests();
      // The server acts, then drops the connection; once the POST is in flight every list read
      // is refused, so the trigger cannot tell whether it made a deployment.
      const post = await emulator.control.addFault({
        method: "POST",
        path: deploymentsPath(app),
        action: "drop_after",
        latencyMs: 500,
      });
      const running = stack.up();
      await waitFor(async () => {
        const faults = await emulator.control.faults();
        return faults.find((f) => f.id === post.id)?.fired === 1;
      }, "the trigger POST").catch(async (err: unknown) => {
        await running; // never leave the stack locked by a run still going
        throw err;
      });
      await emulator.control.addFault({
        method: "GET",
        path: deploymentsPath(app),
        status: 403,
        body: { errors: ["API key is not allowed to read deployments right now"] },
        times: 1000,
      });
      const up = await running;
      await emulator.control.clearFaults();
      assert.notEqual(up.code, 0, "up fails");
      assertOneLine(
        up.output,
        /connection .*broke before a response arrived .*may have been carried out.*records a pending trigger for application .*the next pulumi up adopts its deployment if one appears/,
        "up: an unclear update POST, then a refused list",
      );
      assert.equal(await deploymentCount(emulator, app), before + 1, "the server acted once");
      await waitFor(async () => {
        const { state } = await emulator.control.state();
        return state.deployments.every((d) => d.status !== "created" && d.status !== "waiting");
      }, "the build to finish");

      await emulator.control.clearRequests();
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.match(next.output, /for the pending trigger is already "available"; adopting it/);
      assert.equal(await postCount(emulator, app), 0, "the next up adopts, not deploys");
      await assertRecorded(before + 1);
      assert.equal((await stack.outputs()).gitSha, sha);
    });

    it("converges: one more up deploys nothing", async () => {
      await emulator.control.clearRequests();
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 0);
    });
  });

  describe("two resources of one application with the same sha", () => {
    let stack: TestStack;

    before(async () => {
      const { sha } = await emulator.control.pushCommit(app);
      stack = await TestStack.create({
        program: path.join(programs, "twins"),
        config: { baseUrl: emulator.url, applicationId: app, triggers: JSON.stringify([sha]) },
        secrets: { "nodion:apiKey": RELIABILITY_KEY },
        env: RELIABILITY_ENV,
      });
    });

    after(async () => {
      if (stack === undefined) return;
      await leaks.capture(stack);
      await stack.remove();
    });

    /** Runs `up` and checks that it made two new deployments, one per resource. */
    async function upMakesTwo(): Promise<void> {
      const before = await deploymentIds(emulator, app);
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      const after = await deploymentIds(emulator, app);
      assert.equal(after.length, before.length + 2, "two deployments");
      const { deploymentIds: ids, statuses } = await stack.outputs();
      assert.deepEqual([...(ids as string[])].sort(), after.slice(-2).sort(), "one each");
      assert.deepEqual(statuses, ["available", "available"]);
    }

    it("creates two distinct deployments in one up", async () => {
      await emulator.control.clearRequests();
      await upMakesTwo();
      assert.equal(await postCount(emulator, app), 2);
    });

    it("gets two distinct deployments when both POSTs act and drop the connection", async () => {
      const { sha } = await emulator.control.pushCommit(app);
      await stack.setConfig("triggers", JSON.stringify([sha]));
      await emulator.control.clearRequests();
      await emulator.control.addFault({
        method: "POST",
        path: deploymentsPath(app),
        action: "drop_after",
        times: 2,
      });
      await upMakesTwo();
      await assertFaultsFired(emulator);
      await emulator.control.clearFaults();
      assert.equal(await postCount(emulator, app), 2, "each resource posted once");
    });

    it("converges: one more up deploys nothing", async () => {
      await emulator.control.clearRequests();
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 0);
    });
  });

  describe("the API key as a resource input", () => {
    it("is refused at preview and never reaches state", async () => {
      const stack = await TestStack.create({
        program: path.join(programs, "key-input"),
        config: { baseUrl: emulator.url, applicationId: app },
        secrets: { "nodion:apiKey": RELIABILITY_KEY },
        env: { ...RELIABILITY_ENV, KEY_AS_INPUT: RELIABILITY_KEY },
      });
      try {
        await emulator.control.clearRequests();
        const refused =
          /property apiKey .*the API key must not be a resource input .*nodion:apiKey .*NODION_API_KEY/;
        const preview = await stack.preview();
        assert.notEqual(preview.code, 0, "preview fails");
        assert.match(preview.output, refused);
        const up = await stack.up();
        assert.notEqual(up.code, 0, "up fails");
        assert.match(up.output, refused);
        assert.equal(await postCount(emulator, app), 0, "nothing was deployed");
        const resources = await stack.resources();
        assert.equal(resources.filter((r) => r.type.endsWith("nodion:Deployment")).length, 0);
        await leaks.capture(stack);
      } finally {
        await stack.remove();
      }
    });
  });

  // Last: every stack above has been captured by then (child suites run in order).
  describe("leaks", () => {
    it("never shows any key used in output, state, exports or the emulator log", () => {
      for (const key of [RELIABILITY_KEY, SEED_SANDBOX_KEY, SEED_READ_KEY]) {
        leaks.assertNoKey(key);
      }
    });
  });
});
