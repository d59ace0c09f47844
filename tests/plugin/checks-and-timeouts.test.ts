import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";

describe("nodion plugin: validation at preview and the engine's customTimeouts", () => {
  let emulator: RunningEmulator;
  let home: string;

  before(async () => {
    // Builds take a minute: only a time limit can end a wait early.
    emulator = await startTestEmulator({ buildMs: 60_000 });
    home = await pluginHome("checks");
  });

  after(async () => {
    await emulator?.close();
  });

  const stackWith = (config: Record<string, string>, env: Record<string, string> = {}) =>
    TestStack.create({
      program: pluginProgram,
      config: { "nodion:baseUrl": emulator.url, ...config },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { PULUMI_HOME: home, ...env },
    });

  it("rejects bad inputs at preview, naming each property, and calls no API", async () => {
    const stack = await stackWith({
      applicationId: "my-app",
      triggers: JSON.stringify(["", "x".repeat(5000)]),
      wait: "sometimes",
      timeoutSeconds: "0",
    });
    try {
      await emulator.control.clearRequests();
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      for (const expected of [
        /property applicationId .*applicationId must be a UUID, got "my-app"/,
        /triggers\[0\] is empty/,
        /triggers\[1\] is 5000 characters; at most 1024/,
        /wait must be "available" or "none", got "sometimes"/,
        /timeoutSeconds must be a positive number, got 0/,
      ]) {
        assert.match(preview.output, expected);
      }
      assert.deepEqual(await emulator.control.requests(), []);
    } finally {
      await stack.remove();
    }
  });

  it("rejects a plain-http provider baseUrl to another host at preview", async () => {
    const stack = await stackWith({
      applicationId: SEED_API_APP_ID,
      "nodion:baseUrl": "http://nodion.example.com/v1",
    });
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(preview.output, /uses plain http to a non-loopback host/);
      assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY));
    } finally {
      await stack.remove();
    }
  });

  it("ends the wait at the resource's customTimeouts and keeps the deployment in state", async () => {
    const stack = await stackWith({
      applicationId: SEED_API_APP_ID,
      triggers: JSON.stringify(["sha-1"]),
      createTimeout: "3s",
    });
    try {
      await emulator.control.clearRequests();
      const started = Date.now();
      const up = await stack.up();
      const elapsed = Date.now() - started;
      assert.notEqual(up.code, 0, up.output);
      assert.equal(await countRequests(emulator, "POST"), 1);
      assert.match(up.output, /still "\w+" after waiting \ds \(the resource's customTimeouts\)/);
      assert.ok(elapsed < 45_000, `up took ${elapsed} ms; the build takes 60 s`);
      // The deployment exists, so the stack records it (and the next up resumes, not re-POSTs).
      const resource = (await stack.resources()).find((r) => r.type === "nodion:index:Deployment");
      assert.equal(resource?.outputs?.deployNumber, 1);
      assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY));
    } finally {
      await stack.remove();
    }
  });
});
