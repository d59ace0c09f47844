import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { NodionClient } from "../../client";
import { TestStack } from "../helpers/pulumi-stack";
import { countRequests, deploymentStack, startTestEmulator } from "../helpers/nodion";

const app = SEED_API_APP_ID;

describe("NodionDeployment on refresh", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    await emulator.control.setBehaviour(app, { buildMs: 60_000 });
    stack = await deploymentStack(emulator, {
      config: { applicationId: app, triggers: JSON.stringify(["v1"]), wait: "none" },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("returns right after the trigger when wait is none", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal((await stack.outputs()).status, "created");
  });

  it("moves status from waiting to available into state and stack outputs", async () => {
    await emulator.control.advanceClock(10_000);
    const first = await stack.refresh();
    assert.equal(first.code, 0, first.output);
    const resource = (await stack.resources()).find((r) => r.type.endsWith("nodion:Deployment"));
    assert.equal(resource?.outputs?.status, "waiting", "plain refresh updates resource state");

    await emulator.control.advanceClock(60_000);
    const second = await stack.refresh({ runProgram: true });
    assert.equal(second.code, 0, second.output);
    const out = await stack.outputs();
    assert.equal(out.status, "available", "refresh --run-program updates stack outputs");
    assert.equal(out.deployNumber, 1);
  });

  it("reports a deployment made outside the stack without redeploying", async () => {
    const client = new NodionClient({ apiKey: SEED_PROJECT_KEY, baseUrl: emulator.url });
    await client.triggerDeployment(app);
    await emulator.control.clearRequests();

    const refresh = await stack.refresh({ runProgram: true });
    assert.equal(refresh.code, 0, refresh.output);
    assert.match(
      refresh.output,
      /deploy #2 was made outside this stack \(ours is #1\); not redeploying/,
    );
    const out = await stack.outputs();
    assert.equal(out.isLatest, false);
    assert.equal(out.latestDeployNumber, 2);
    assert.equal(out.deployNumber, 1);

    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0, "up does not redeploy");
  });

  it("keeps the resource when the list no longer shows it but shows nothing later", async () => {
    // After a reset the application has no deployments: a lagging list or a wrong key/project
    // looks the same, so this is no proof that the deployment is gone.
    await emulator.control.reset();
    const refresh = await stack.refresh();
    assert.notEqual(refresh.code, 0);
    assert.match(refresh.output, /not proof it is gone/);
    assert.match(refresh.output, /pulumi state delete <urn>/);
    const left = (await stack.resources()).filter((r) => r.type.endsWith("nodion:Deployment"));
    assert.equal(left.length, 1);
  });

  it("removes the resource when the list's numbering passed its deployment", async () => {
    const client = new NodionClient({ apiKey: SEED_PROJECT_KEY, baseUrl: emulator.url });
    await client.triggerDeployment(app);
    await client.triggerDeployment(app);
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.match(refresh.output, /no longer exists; removing it/);
    const left = (await stack.resources()).filter((r) => r.type.endsWith("nodion:Deployment"));
    assert.deepEqual(left, []);
  });
});
