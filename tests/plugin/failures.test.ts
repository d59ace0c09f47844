import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";

const app = SEED_API_APP_ID;

describe("nodion plugin when a build fails (same lines as the dynamic resource)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    stack = await TestStack.create({
      program: pluginProgram,
      config: {
        applicationId: app,
        triggers: JSON.stringify(["v1"]),
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { PULUMI_HOME: await pluginHome("failures") },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("fails up with one clear line, no stack trace, and records the failed deployment", async () => {
    await emulator.control.setBehaviour(app, { failMode: "always" });
    const failed = await stack.up();
    assert.notEqual(failed.code, 0, "up fails when the build fails");
    assert.match(
      failed.output,
      new RegExp(`Nodion deploy #1 of application ${app} ended "failed" after \\d+s`),
    );
    assert.doesNotMatch(failed.output, /\bat .*\.(js|ts):\d+/, "no JavaScript stack trace");
    // The application's log lines since the deployment, under the summary (issue 13).
    assert.match(failed.output, new RegExp(`last \\d+ log lines of application ${app}:`));
    assert.match(failed.output, /npm ERR!/);
    const resource = (await stack.resources()).find((r) => r.type === "nodion:index:Deployment");
    assert.equal(resource?.outputs?.status, "failed", "the failed deployment is in state");
    assert.equal(await countRequests(emulator, "POST"), 1);
  });

  it("retries once on the next up, saying so", async () => {
    await emulator.control.setBehaviour(app, { failMode: "none" });
    await emulator.control.clearRequests();
    const retried = await stack.up();
    assert.equal(retried.code, 0, retried.output);
    assert.match(retried.output, /retrying application .*: deploy #1 ended "failed"/);
    assert.equal(await countRequests(emulator, "POST"), 1, "exactly one new deployment");
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 2);
    assert.equal(out.status, "available");
    assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY));
  });
});
