import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID } from "../../emulator";
import { deploymentStack, startTestEmulator } from "../helpers/nodion";

describe("NodionDeployment rejects bad inputs at preview", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startTestEmulator();
  });

  after(async () => {
    await emulator?.close();
  });

  it("reports every bad property at once, naming each, and calls no API", async () => {
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: "my-app",
        triggers: JSON.stringify(["", "x".repeat(5000)]),
        timeoutSeconds: "0",
        wait: "sometimes",
        imageTag: "-bad tag",
        projectId: "default",
        baseUrl: "http://nodion.example.com/v1",
      },
    });
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      for (const expected of [
        /property applicationId .*applicationId must be a UUID, got "my-app"/,
        /triggers\[0\] is empty/,
        /triggers\[1\] is 5000 characters; at most 1024/,
        /timeoutSeconds must be a positive number, got 0/,
        /wait must be "available" or "none", got "sometimes"/,
        /imageTag must be a Docker image tag/,
        /projectId must be a UUID/,
        /baseUrl http:\/\/nodion\.example\.com uses plain http to a non-loopback host/,
      ]) {
        assert.match(preview.output, expected);
      }
      assert.deepEqual(await emulator.control.requests(), []);
    } finally {
      await stack.remove();
    }
  });

  for (const [value, reason] of [
    ["-5", /timeoutSeconds must be a positive number, got -5/],
    ["1000000", /timeoutSeconds must be at most 86400 \(a day\), got 1000000/],
  ] as const) {
    it(`rejects timeoutSeconds ${value}`, async () => {
      const stack = await deploymentStack(emulator, {
        config: { applicationId: SEED_API_APP_ID, timeoutSeconds: value },
      });
      try {
        const preview = await stack.preview();
        assert.notEqual(preview.code, 0);
        assert.match(preview.output, reason);
      } finally {
        await stack.remove();
      }
    });
  }

  it("says how to provide an API key when there is none", async () => {
    const stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID },
      apiKey: null,
      env: { NODION_API_KEY: "" },
    });
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(preview.output, /property apiKey .*pulumi config set --secret nodion:apiKey/);
      assert.match(preview.output, /NODION_API_KEY/);
      assert.deepEqual(await emulator.control.requests(), []);
    } finally {
      await stack.remove();
    }
  });

  it("takes the API key from NODION_API_KEY when config has none", async () => {
    const stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, wait: "none" },
      apiKey: null,
      env: { NODION_API_KEY: "nodion-emulator-project-key" },
    });
    try {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal((await stack.outputs()).deployNumber, 1);
    } finally {
      await stack.remove();
    }
  });
});
