import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  SEED_WORKER_APP_ID,
} from "../../emulator";
import { TestStack } from "../helpers/pulumi-stack";
import { countRequests, deploymentStack, startTestEmulator } from "../helpers/nodion";

const consumerProgram = path.join(__dirname, "..", "programs", "consumer");

describe("two stacks linked by a StackReference to the deploy number", () => {
  let emulator: RunningEmulator;
  let producer: TestStack;
  let consumer: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    producer = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, triggers: JSON.stringify(["api-v1"]) },
    });
    consumer = await TestStack.create({
      program: consumerProgram,
      backendDir: producer.backendDir,
      config: {
        applicationId: SEED_WORKER_APP_ID,
        baseUrl: emulator.url,
        producerStack: `organization/nodion-deployment/${producer.name}`,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
    });
  });

  after(async () => {
    await consumer?.remove();
    await producer?.remove();
    await emulator?.close();
  });

  it("deploys the worker with the producer's deploy number", async () => {
    assert.equal((await producer.up()).code, 0);
    const up = await consumer.up();
    assert.equal(up.code, 0, up.output);
    const out = await consumer.outputs();
    assert.equal(out.apiDeployNumber, 1);
    assert.equal(out.workerDeployNumber, 1);
    assert.equal(out.workerStatus, "available");
  });

  it("redeploys the worker exactly once when the producer deploys again", async () => {
    await producer.setConfig("triggers", JSON.stringify(["api-v2"]));
    assert.equal((await producer.up()).code, 0);
    await emulator.control.clearRequests();
    const up = await consumer.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST", SEED_WORKER_APP_ID), 1);
    const out = await consumer.outputs();
    assert.equal(out.apiDeployNumber, 2);
    assert.equal(out.workerDeployNumber, 2);
  });

  it("leaves the worker alone while the producer's deploy number stays", async () => {
    await emulator.control.clearRequests();
    const up = await consumer.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
  });
});
