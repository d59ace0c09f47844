import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { EngineRun, TestStack } from "../helpers/pulumi-stack";

const TYPE = "nodion:index:Deployment";

/** The steps of `run` on the deployment resource. */
function deploymentSteps(run: EngineRun) {
  return run.steps.filter((s) => s.type === TYPE);
}

describe("nodion provider plugin lifecycle (real pulumi CLI, installed plugin, emulator)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    const home = await pluginHome("lifecycle");
    stack = await TestStack.create({
      program: pluginProgram,
      config: {
        applicationId: SEED_API_APP_ID,
        triggers: JSON.stringify(["sha-1"]),
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { PULUMI_HOME: home },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("creates one deployment (one POST) and reports progress on the resource", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    const [deployment] = (await emulator.control.state()).state.deployments;
    assert.equal(out.deploymentId, deployment?.id);
    const resource = (await stack.resources()).find((r) => r.type === TYPE);
    assert.equal(resource?.id, `${SEED_API_APP_ID}/${deployment?.id}`);
    // Progress lines arrive through the engine's Log endpoint, attached to the resource's URN.
    const lines = up.events.flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent] : []));
    const triggered = lines.find((d) =>
      /nodion: triggered deploy #1 of application/.test(d.message),
    );
    assert.ok(triggered, up.output);
    assert.equal(triggered.urn, resource?.urn);
    assert.match(up.output, /deploy #1: \w+ -> available \(\d+s\)/);
  });

  it("makes no POST on a second up without changes", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
    assert.deepEqual(
      deploymentSteps(up).map((s) => s.op),
      ["same"],
    );
  });

  it("previews a trigger change as one update whose detailed diff names triggers", async () => {
    await stack.setConfig("triggers", JSON.stringify(["sha-2"]));
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
    const pre = preview.events.find((e) => e.resourcePreEvent?.metadata.type === TYPE);
    const meta = pre?.resourcePreEvent?.metadata;
    assert.equal(meta?.op, "update", preview.output);
    assert.deepEqual(meta?.diffs, ["triggers"]);
    assert.deepEqual(Object.keys(meta?.detailedDiff ?? {}), ["triggers"]);
    assert.equal(meta?.detailedDiff?.triggers?.diffKind, "update");
    assert.match(preview.output, /"sha-1" => "sha-2"/);
  });

  it("makes exactly one POST for the trigger change, in one update step", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const steps = deploymentSteps(up);
    assert.deepEqual(
      steps.map((s) => [s.op, s.diffs]),
      [["update", ["triggers"]]],
    );
    assert.equal((await stack.outputs()).deployNumber, 2);
  });

  it("honours ignoreChanges (no change) and replaceOnChanges (replace) on triggers", async () => {
    await stack.setConfig("triggers", JSON.stringify(["sha-3"]));
    await stack.setConfig("ignoreChanges", JSON.stringify(["triggers"]));
    const ignored = await stack.preview({ expectNoChanges: true });
    assert.equal(ignored.code, 0, ignored.output);

    await stack.setConfig("ignoreChanges", "[]");
    await stack.setConfig("replaceOnChanges", JSON.stringify(["triggers"]));
    const replaced = await stack.preview();
    assert.equal(replaced.code, 0, replaced.output);
    assert.ok(
      deploymentSteps(replaced).some((s) => s.op === "replace"),
      replaced.output,
    );

    await stack.setConfig("replaceOnChanges", "[]");
    await stack.setConfig("triggers", JSON.stringify(["sha-2"]));
  });

  it("refreshes without a POST and leaves nothing to change", async () => {
    await emulator.control.clearRequests();
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.code, 0, preview.output);
  });

  it("keeps the API key in state only encrypted, and never prints it", async () => {
    const exported = await stack.exportState();
    assert.doesNotMatch(exported, new RegExp(SEED_PROJECT_KEY));
    const provider = (
      JSON.parse(exported) as {
        deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
      }
    ).deployment.resources.find((r) => r.type === "pulumi:providers:nodion");
    assert.ok(provider, "the default provider is in state");
    assert.match(JSON.stringify(provider.inputs?.apiKey), /ciphertext/);
    for (const file of stack.rawBackendFiles()) assert.ok(!file.includes(SEED_PROJECT_KEY));
  });

  it("destroys without any mutating call to Nodion", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    assert.match(destroy.output, /stays in Nodion's history/);
    assert.equal((await emulator.control.state()).state.deployments.length, 2);
    assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY), "the key is never printed");
  });
});
