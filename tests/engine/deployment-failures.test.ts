import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID } from "../../emulator";
import { TestStack } from "../helpers/pulumi-stack";
import { countRequests, deploymentStack, startTestEmulator } from "../helpers/nodion";

const app = SEED_API_APP_ID;

async function deployedStatus(stack: TestStack): Promise<unknown> {
  const resource = (await stack.resources()).find((r) => r.type.endsWith("nodion:Deployment"));
  return resource?.outputs?.status;
}

describe("NodionDeployment when a deployment fails or takes too long", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });

  afterEach(async () => {
    await emulator?.close();
  });

  it("fails up with one clear line on a failed build, records it, and retries once on the next up", async () => {
    await emulator.control.setBehaviour(app, { failMode: "always" });
    const stack = await deploymentStack(emulator, {
      config: { applicationId: app, triggers: JSON.stringify(["v1"]) },
    });
    try {
      const failed = await stack.up();
      assert.notEqual(failed.code, 0, "up fails when the build fails");
      assert.match(
        failed.output,
        new RegExp(`Nodion deploy #1 of application ${app} ended "failed" after \\d+s`),
      );
      assert.equal(await deployedStatus(stack), "failed", "the failed deployment is in state");
      assert.equal(await countRequests(emulator, "POST"), 1);

      await emulator.control.setBehaviour(app, { failMode: "none" });
      await emulator.control.clearRequests();
      const retried = await stack.up();
      assert.equal(retried.code, 0, retried.output);
      assert.match(retried.output, /retrying application .*: deploy #1 ended "failed"/);
      assert.equal(await countRequests(emulator, "POST"), 1, "exactly one new deployment");
      const out = await stack.outputs();
      assert.equal(out.deployNumber, 2);
      assert.equal(out.status, "available");

      await emulator.control.clearRequests();
      const again = await stack.up();
      assert.equal(again.code, 0, again.output);
      assert.equal(await countRequests(emulator, "POST"), 0, "no retry once it succeeded");
    } finally {
      await stack.remove();
    }
  });

  it("fails up when the wait times out, then resumes waiting on the same deployment", async () => {
    await emulator.control.setBehaviour(app, { buildMs: 600_000 });
    const stack = await deploymentStack(emulator, {
      config: { applicationId: app, triggers: JSON.stringify(["v1"]), timeoutSeconds: "2" },
    });
    try {
      const timedOut = await stack.up();
      assert.notEqual(timedOut.code, 0, "up fails on timeout");
      assert.match(
        timedOut.output,
        /Nodion deploy #1 of application .* is still "(created|waiting)" after waiting [23]s/,
      );
      assert.match(String(await deployedStatus(stack)), /^(created|waiting)$/);

      await emulator.control.advanceClock(600_000);
      await emulator.control.clearRequests();
      const resumed = await stack.up();
      assert.equal(resumed.code, 0, resumed.output);
      assert.match(resumed.output, /resuming the wait for deploy #1/);
      assert.equal(await countRequests(emulator, "POST"), 0, "no second deployment");
      assert.equal((await stack.outputs()).status, "available");
    } finally {
      await stack.remove();
    }
  });
});
