import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_WEB_APP_ID } from "../../emulator";
import { examplePath, exampleStack } from "../helpers/examples";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { TestStack } from "../helpers/pulumi-stack";

describe("examples/prebuilt-image (an image tag as the trigger)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    stack = await exampleStack(emulator, {
      program: examplePath("prebuilt-image"),
      config: { applicationId: SEED_WEB_APP_ID, imageTag: "1.27" },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("deploys the configured tag of the application's image", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const out = await stack.outputs();
    assert.match(String(out.imageReference), /:1\.27$/);
    assert.equal(out.strategy, "prebuilt_image");
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    assert.equal(await countRequests(emulator, "POST"), 1);
  });

  it("deploys exactly once when the tag changes", async () => {
    await stack.setConfig("imageTag", "1.28");
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.match(String(out.imageReference), /:1\.28$/);
    assert.equal(out.deployNumber, 2);
  });
});
