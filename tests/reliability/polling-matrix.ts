import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_WORKER_APP_ID } from "../../emulator";
import type { TestStack } from "../helpers/pulumi-stack";
import {
  assertFaultsFired,
  assertOneLine,
  deploymentCount,
  deploymentIds,
  deploymentsPath,
  expectationOf,
  type FaultCase,
  LeakWatch,
  postCount,
  RELIABILITY_KEY,
  reliabilityStack,
  startReliabilityEmulator,
  waitFor,
} from "./faults";

const app = SEED_WORKER_APP_ID;

/**
 * One stack; each fault gets a fresh trigger and is queued once the POST has been answered, so it
 * hits the status polls of the wait (builds take 4 s here), never the trigger itself.
 * `cases` is one half of the matrix (see isStatusFault); each half is a test file of its own.
 */
export function describePollingMatrix(title: string, cases: readonly FaultCase[]): void {
  describe(title, () => {
    const leaks = new LeakWatch();
    let emulator: RunningEmulator;
    let stack: TestStack;

    before(async () => {
      emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
      await emulator.control.setBehaviour(app, { buildMs: 4000 });
      stack = await reliabilityStack(emulator, {
        applicationId: app,
        triggers: JSON.stringify(["initial"]),
      });
    });

    after(async () => {
      await stack?.remove();
      await emulator?.close();
    });

    /** Runs `up`, queueing the fault on the deployment list as soon as the POST succeeded. */
    async function upWithPollFault(fault: (typeof cases)[number]["fault"]) {
      await emulator.control.clearRequests();
      const running = stack.up();
      await waitFor(async () => {
        const log = await emulator.control.requests();
        return log.some((r) => r.method === "POST" && r.status === 200);
      }, "the trigger POST");
      await emulator.control.addFault({ method: "GET", path: deploymentsPath(app), ...fault });
      return running;
    }

    cases.forEach((c, i) => {
      const expected = expectationOf(c, "polling");
      const title =
        expected.class === "transient"
          ? `keeps waiting through ${c.name} and deploys once`
          : `fails with one actionable line on ${c.name}, keeps the deployment, and resumes it`;
      it(title, async () => {
        await stack.setConfig("triggers", JSON.stringify([`poll-${i}`]));
        const before = await deploymentCount(emulator, app);

        const up = await upWithPollFault(c.fault);
        await assertFaultsFired(emulator);
        if (expected.class === "transient") {
          assert.equal(up.code, 0, up.output);
        } else {
          assert.notEqual(up.code, 0, "up fails");
          const line = assertOneLine(up.output, expected.message ?? /./, `polling: ${c.name}`);
          assert.match(line, /stays in the stack; run pulumi up again to resume waiting/);
          await emulator.control.clearFaults();
          await emulator.control.clearRequests();
          const next = await stack.up();
          assert.equal(next.code, 0, next.output);
          assert.match(next.output, /resuming the wait for deploy #/);
          assert.equal(await postCount(emulator, app), 0, "the next up does not deploy again");
        }

        assert.equal(await deploymentCount(emulator, app), before + 1, "one deployment");
        const out = await stack.outputs();
        assert.equal(out.status, "available");
        assert.equal(out.deploymentId, (await deploymentIds(emulator, app)).at(-1));
        await emulator.control.clearFaults();
      });
    });

    it("converges: one more up deploys nothing", async () => {
      await emulator.control.clearRequests();
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 0);
    });

    it("never shows the API key in output, state, exports or the emulator log", async () => {
      await leaks.capture(stack);
      leaks.assertNoKey(RELIABILITY_KEY);
    });
  });
}
