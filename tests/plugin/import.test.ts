import * as assert from "node:assert/strict";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_API_HEAD_SHA,
  SEED_PROJECT_KEY,
} from "../../emulator";
import { NodionClient } from "../../client";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";

const TYPE = "nodion:index:Deployment";

describe("pulumi import of a nodion:index:Deployment (real CLI, installed plugin)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;
  let deploymentId: string;

  before(async () => {
    emulator = await startTestEmulator();
    // A deployment made outside Pulumi, as in a dashboard.
    const client = new NodionClient({ apiKey: SEED_PROJECT_KEY, baseUrl: emulator.url });
    deploymentId = (await client.triggerDeployment(SEED_API_APP_ID)).id;
    await emulator.control.clearRequests();
    stack = await TestStack.create({
      program: pluginProgram,
      config: { applicationId: SEED_API_APP_ID, "nodion:baseUrl": emulator.url },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { PULUMI_HOME: await pluginHome("import") },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  const importArgs = (id: string) => [
    "import",
    TYPE,
    "app",
    id,
    "--yes",
    "--generate-code=false",
    ...stack.stackArgs(),
  ];

  it("refuses an id that is not <applicationId>/<deploymentId>, saying so", async () => {
    const run = await stack.run(importArgs(deploymentId));
    assert.notEqual(run.code, 0);
    assert.match(run.output, /import id must be <applicationId>\/<deploymentId>/);
    assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
  });

  it("records the deployment with no POST", async () => {
    await emulator.control.clearRequests();
    const run = await stack.run(importArgs(`${SEED_API_APP_ID}/${deploymentId}`));
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    const resource = (await stack.resources()).find((r) => r.type === TYPE);
    assert.equal(resource?.id, `${SEED_API_APP_ID}/${deploymentId}`);
    assert.equal(resource?.outputs?.deploymentId, deploymentId);
    assert.equal(resource?.outputs?.deployNumber, 1);
    // What the deployment shows of its trigger is recorded: its sha, as `triggers`.
    assert.deepEqual(resource?.inputs, {
      applicationId: SEED_API_APP_ID,
      triggers: [SEED_API_HEAD_SHA],
    });
  });

  it("leaves a clean preview for a program declaring no triggers at all", async () => {
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("leaves a clean preview for a program declaring the deployed sha as its trigger", async () => {
    await stack.setConfig("triggers", JSON.stringify([SEED_API_HEAD_SHA]));
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("deploys once when triggers are added later", async () => {
    await stack.setConfig("triggers", JSON.stringify(["sha-1"]));
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    assert.equal((await stack.outputs()).deployNumber, 2);
    assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY));
  });
});
