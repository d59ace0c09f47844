import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID } from "../../emulator";
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
} from "./faults";

const app = SEED_API_APP_ID;

/**
 * One stack; each fault gets a fresh trigger, so each case is one new deployment to count.
 * `cases` is one half of the matrix (see isStatusFault); each half is a test file of its own.
 */
export function describeTriggerMatrix(title: string, cases: readonly FaultCase[]): void {
  describe(title, () => {
    const leaks = new LeakWatch();
    let emulator: RunningEmulator;
    let stack: TestStack;

    before(async () => {
      emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
      stack = await reliabilityStack(emulator, {
        applicationId: app,
        triggers: JSON.stringify(["initial"]),
      });
    });

    after(async () => {
      await stack?.remove();
      await emulator?.close();
    });

    cases.forEach((c, i) => {
      const expected = expectationOf(c, "trigger");
      const title =
        expected.class === "transient"
          ? `deploys exactly once through ${c.name}`
          : `fails with one actionable line on ${c.name}, then deploys exactly once`;
      it(title, async () => {
        await stack.setConfig("triggers", JSON.stringify([`trigger-${i}`]));
        const before = await deploymentCount(emulator, app);
        await emulator.control.clearRequests();
        await emulator.control.addFault({ method: "POST", path: deploymentsPath(app), ...c.fault });

        const up = await stack.up();
        await assertFaultsFired(emulator);
        if (expected.class === "transient") {
          assert.equal(up.code, 0, up.output);
        } else {
          assert.notEqual(up.code, 0, "up fails");
          assertOneLine(up.output, expected.message ?? /./, `trigger: ${c.name}`);
          assert.equal(await deploymentCount(emulator, app), before, "nothing was deployed");
          await emulator.control.clearFaults();
          const next = await stack.up();
          assert.equal(next.code, 0, next.output);
        }

        assert.equal(await deploymentCount(emulator, app), before + 1, "one deployment");
        const posts = await postCount(emulator, app);
        assert.ok(posts <= (c.fault.times ?? 1) + 1, `${posts} POSTs`);
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
