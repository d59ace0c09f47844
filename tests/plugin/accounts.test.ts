import * as assert from "node:assert/strict";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  SEED_SANDBOX_APP_ID,
  SEED_SANDBOX_KEY,
  SEED_SANDBOX_PROJECT_ID,
} from "../../emulator";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";

describe("two explicit nodion providers, two accounts, one program (real CLI, plugin)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    // Each key reaches only its own project's application: success proves each resource used
    // its own provider's key and project. No nodion:apiKey is set for a default provider.
    stack = await TestStack.create({
      program: pluginProgram,
      config: {
        baseUrl: emulator.url,
        triggers: JSON.stringify(["sha-1"]),
        accounts: JSON.stringify([
          { name: "main", applicationId: SEED_API_APP_ID, apiKeySecret: "mainKey" },
          {
            name: "sandbox",
            applicationId: SEED_SANDBOX_APP_ID,
            apiKeySecret: "sandboxKey",
            projectId: SEED_SANDBOX_PROJECT_ID,
          },
        ]),
      },
      secrets: { mainKey: SEED_PROJECT_KEY, sandboxKey: SEED_SANDBOX_KEY },
      env: { PULUMI_HOME: await pluginHome("accounts"), NODION_API_KEY: "" },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("deploys each application once, each with its own provider's key and project", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST", SEED_API_APP_ID), 1);
    assert.equal(await countRequests(emulator, "POST", SEED_SANDBOX_APP_ID), 1);
    const out = await stack.outputs();
    assert.equal(out.mainDeployNumber, 1);
    assert.equal(out.sandboxDeployNumber, 1);
    assert.equal(out.sandboxStatus, "available");
  });

  it("stores both providers' keys only encrypted and never prints them", async () => {
    const exported = await stack.exportState();
    const providers = (
      JSON.parse(exported) as {
        deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
      }
    ).deployment.resources.filter((r) => r.type === "pulumi:providers:nodion");
    assert.equal(providers.length, 2);
    for (const p of providers) assert.match(JSON.stringify(p.inputs?.apiKey), /ciphertext/);
    for (const key of [SEED_PROJECT_KEY, SEED_SANDBOX_KEY]) {
      assert.ok(!exported.includes(key));
      assert.ok(!stack.allOutput().includes(key), "never printed");
      for (const file of stack.rawBackendFiles()) assert.ok(!file.includes(key), "raw state");
    }
  });

  it("deploys each account's application exactly once on a trigger change", async () => {
    await emulator.control.clearRequests();
    await stack.setConfig("triggers", JSON.stringify(["sha-2"]));
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST", SEED_API_APP_ID), 1);
    assert.equal(await countRequests(emulator, "POST", SEED_SANDBOX_APP_ID), 1);
    const updates = up.steps.filter((s) => s.op === "update").map((s) => s.diffs);
    assert.deepEqual(updates, [["triggers"], ["triggers"]]);
  });

  it("destroys both without a mutating call", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    const log = await emulator.control.requests();
    assert.deepEqual(
      log.filter((r) => r.method !== "GET"),
      [],
    );
  });
});
