import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { pulumiEnv } from "../../toolchain/env";
import { deploymentProgram, startTestEmulator } from "../helpers/nodion";
import { TestStack } from "../helpers/pulumi-stack";
import { LeakWatch } from "./faults";

// What tests/engine/bad-inputs.test.ts does not cover: settings that are not resource inputs
// (stack config `nodion:baseUrl`, NODION_API_URL, NODION_REQUEST_TIMEOUT_MS) and a timeout that
// is not a number. Each stack here sets no `baseUrl` input.
describe("NodionDeployment rejects bad connection settings", () => {
  const leaks = new LeakWatch();
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startTestEmulator({ log: (line) => leaks.emulatorLog.push(line) });
  });

  after(async () => {
    await emulator?.close();
  });

  async function stackWith(
    config: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<TestStack> {
    return TestStack.create({
      program: deploymentProgram,
      config: { applicationId: SEED_API_APP_ID, ...config },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env,
    });
  }

  it("names stack config nodion:baseUrl over plain http, a bad request timeout and a non-numeric timeout at preview", async () => {
    const stack = await stackWith(
      { "nodion:baseUrl": "http://nodion.example.com/v1", timeoutSeconds: '"soon"' },
      { NODION_REQUEST_TIMEOUT_MS: "fast" },
    );
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      for (const expected of [
        /property nodion:baseUrl .*http:\/\/nodion\.example\.com uses plain http to a non-loopback host/,
        /property NODION_REQUEST_TIMEOUT_MS .*whole number of milliseconds from 1 to 600000, got "fast"/,
        /property timeoutSeconds .*timeoutSeconds must be a positive number, got "soon"/,
      ]) {
        assert.match(preview.output, expected);
      }
      assert.deepEqual(await emulator.control.requests(), []);
      await leaks.capture(stack);
    } finally {
      await stack.remove();
    }
  });

  it("names NODION_API_URL over plain http at preview", async () => {
    const stack = await stackWith({}, { NODION_API_URL: "http://10.20.30.40/v1" });
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(
        preview.output,
        /property NODION_API_URL .*http:\/\/10\.20\.30\.40 uses plain http to a non-loopback host: the API key would travel in clear/,
      );
      await leaks.capture(stack);
    } finally {
      await stack.remove();
    }
  });

  it("refuses to refresh once NODION_API_URL points at plain http (refresh runs no check)", async () => {
    const stack = await stackWith({ wait: "none" }, { NODION_API_URL: emulator.url });
    try {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      const env = pulumiEnv({
        backendDir: stack.backendDir,
        extra: { NODION_API_URL: "http://10.20.30.40/v1" },
      });
      // A different environment for one command: a raw CLI call (the Automation API's
      // environment belongs to the workspace).
      const refresh = await stack.run(
        ["refresh", "--yes", "--skip-preview", ...stack.stackArgs()],
        {
          env,
        },
      );
      assert.notEqual(refresh.code, 0);
      assert.match(
        refresh.output,
        /NODION_API_URL: baseUrl http:\/\/10\.20\.30\.40 uses plain http to a non-loopback host/,
      );
      const kept = (await stack.resources()).filter((r) => r.type.endsWith("nodion:Deployment"));
      assert.equal(kept.length, 1, "the deployment stays in state");
      await leaks.capture(stack);
    } finally {
      await stack.remove();
    }
  });

  it("never shows the API key in output, state, exports or the emulator log", () => {
    leaks.assertNoKey();
  });
});
