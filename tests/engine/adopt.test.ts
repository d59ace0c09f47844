import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { NodionClient } from "../../client";
import { countRequests, deploymentStack, startTestEmulator } from "../helpers/nodion";

describe("adopting an existing deployment (pulumi import does not work for dynamic resources)", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startTestEmulator();
  });

  after(async () => {
    await emulator?.close();
  });

  it("records the deployment without triggering one, and later triggers deploy as usual", async () => {
    const client = new NodionClient({ apiKey: SEED_PROJECT_KEY, baseUrl: emulator.url });
    const existing = await client.triggerDeployment(SEED_API_APP_ID);
    await emulator.control.clearRequests();
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: SEED_API_APP_ID,
        adoptDeploymentId: existing.id,
        triggers: JSON.stringify(["t1"]),
      },
    });
    try {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.match(up.output, /adopted deploy #1 of application/);
      assert.equal(await countRequests(emulator, "POST"), 0);
      const out = await stack.outputs();
      assert.equal(out.deploymentId, existing.id);
      assert.equal(out.deployNumber, 1);
      assert.equal(out.status, "available", "it waited for the adopted deployment");

      await stack.setConfig("triggers", JSON.stringify(["t2"]));
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.equal(await countRequests(emulator, "POST"), 1);
      assert.equal((await stack.outputs()).deployNumber, 2);
    } finally {
      await stack.remove();
    }
  });

  it("fails clearly, recording nothing, when the deployment does not exist", async () => {
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: SEED_API_APP_ID,
        adoptDeploymentId: "00000000-0000-4000-8000-000000000000",
      },
    });
    try {
      const up = await stack.up();
      assert.notEqual(up.code, 0);
      assert.match(
        up.output,
        /adoptDeploymentId: application .* has no deployment 00000000-0000-4000-8000-000000000000/,
      );
      const left = (await stack.resources()).filter((r) => r.type.endsWith("nodion:Deployment"));
      assert.deepEqual(left, []);
    } finally {
      await stack.remove();
    }
  });
});
