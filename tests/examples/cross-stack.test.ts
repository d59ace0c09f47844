import * as assert from "node:assert/strict";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID, SEED_WORKER_APP_ID } from "../../emulator";
import { examplePath, exampleStack } from "../helpers/examples";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { TestStack } from "../helpers/pulumi-stack";

describe("examples/cross-stack (an API stack and a worker stack that follows it)", () => {
  let emulator: RunningEmulator;
  let api: TestStack;
  let worker: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    api = await exampleStack(emulator, {
      program: path.join(examplePath("cross-stack"), "api"),
      config: { applicationId: SEED_API_APP_ID, release: "v1" },
    });
    worker = await exampleStack(emulator, {
      program: path.join(examplePath("cross-stack"), "worker"),
      backendDir: api.backendDir,
      config: {
        applicationId: SEED_WORKER_APP_ID,
        apiStack: `organization/nodion-cross-stack-api/${api.name}`,
      },
    });
  });

  after(async () => {
    await worker?.remove();
    await api?.remove();
    await emulator?.close();
  });

  it("deploys the worker with the API's deploy number", async () => {
    const apiUp = await api.up();
    assert.equal(apiUp.code, 0, apiUp.output);
    const workerUp = await worker.up();
    assert.equal(workerUp.code, 0, workerUp.output);
    const out = await worker.outputs();
    assert.equal(out.apiDeployNumber, 1);
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
  });

  it("redeploys the worker exactly once after the API's next release", async () => {
    await api.setConfig("release", "v2");
    const apiUp = await api.up();
    assert.equal(apiUp.code, 0, apiUp.output);
    await emulator.control.clearRequests();
    const workerUp = await worker.up();
    assert.equal(workerUp.code, 0, workerUp.output);
    assert.equal(await countRequests(emulator, "POST", SEED_WORKER_APP_ID), 1);
    assert.equal(await countRequests(emulator, "POST"), 1, "the API is not deployed again");
    const out = await worker.outputs();
    assert.equal(out.apiDeployNumber, 2);
    assert.equal(out.deployNumber, 2);
  });
});
