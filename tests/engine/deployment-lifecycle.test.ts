import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_API_HEAD_SHA } from "../../emulator";
import { TestStack } from "../helpers/pulumi-stack";
import {
  countRequests,
  deploymentStack,
  mutatingRequests,
  startTestEmulator,
} from "../helpers/nodion";

describe("NodionDeployment lifecycle (real pulumi CLI against the emulator)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, triggers: JSON.stringify(["sha-1"]) },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("creates one deployment, waits for it, and exports its outputs", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    assert.equal(out.gitSha, SEED_API_HEAD_SHA);
    assert.equal(out.strategy, "dockerfile");
    assert.equal(out.isLatest, true);
    assert.equal(out.latestDeployNumber, 1);
    assert.equal(typeof out.commitMessage, "string");
    assert.equal(typeof out.committerEmail, "string");
    assert.match(String(out.createdAt), /^\d{4}-\d\d-\d\dT/);
    const [deployment] = (await emulator.control.state()).state.deployments;
    assert.equal(out.deploymentId, deployment?.id);
    assert.match(up.output, /nodion: triggered deploy #1 of application/);
    assert.match(up.output, /deploy #1: \w+ -> available \(\d+s\)/);
  });

  it("stores a one-line provider reference in state, not code", async () => {
    const resource = (await stack.resources()).find((r) => r.type.endsWith("nodion:Deployment"));
    const serialized = String(resource?.inputs?.__provider);
    assert.match(serialized, /require\("pulumi-nodion\/provider\/handlers"\)/);
    assert.ok(serialized.length < 400, `serialized provider is ${serialized.length} bytes`);
  });

  it("makes no POST on a second up without changes", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
    assert.equal((await stack.outputs()).deployNumber, 1);
  });

  it("previews a trigger change as an update that names the trigger", async () => {
    await stack.setConfig("triggers", JSON.stringify(["sha-2"]));
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /~ pulumi-nodejs:dynamic\/nodion:Deployment: \(update\)/);
    assert.match(preview.output, /"sha-1" => "sha-2"/);
    assert.doesNotMatch(preview.output, /replace/);
  });

  it("makes exactly one POST for a trigger change, and the deploy number rises", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 2);
    assert.equal(out.status, "available");
  });

  it("changes wait and timeout settings without deploying", async () => {
    await emulator.control.clearRequests();
    await stack.setConfig("timeoutSeconds", "120");
    await stack.setConfig("wait", "none");
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
    assert.equal((await stack.outputs()).deployNumber, 2);
  });

  it("replaces the resource when the application changes", async () => {
    await stack.setConfig("wait", "available");
    const preview = await stack.run([
      "preview",
      "--diff",
      "--stack",
      stack.name,
      "--config-file",
      stack.configFile,
    ]);
    assert.equal(preview.code, 0, preview.output);
    assert.doesNotMatch(preview.output, /replace/, "same application: no replacement");
    await stack.setConfig("applicationId", "9cc0d1b0-eb32-4ef8-a434-9f2890f7109e");
    const replace = await stack.preview();
    assert.equal(replace.code, 0, replace.output);
    assert.match(replace.output, /\+-\s*pulumi-nodejs:dynamic\/nodion:Deployment: \(replace\)/);
    await stack.setConfig("applicationId", SEED_API_APP_ID);
  });

  it("makes no POST when the serialized provider in state changed (a provider upgrade)", async () => {
    const exported = JSON.parse(await stack.exportState()) as {
      deployment: {
        resources: {
          type: string;
          inputs: Record<string, string>;
          outputs: Record<string, string>;
        }[];
      };
    };
    const resource = exported.deployment.resources.find((r) =>
      r.type.endsWith("nodion:Deployment"),
    );
    assert.ok(resource, "the deployment is in state");
    const older = `// written by an older pulumi-nodion\n${resource.inputs.__provider}`;
    resource.inputs.__provider = older;
    resource.outputs.__provider = older;
    await stack.importState(JSON.stringify(exported));
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
  });

  it("destroys without any destructive call to Nodion and says so", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    assert.match(destroy.output, /stays in Nodion's history/);
    assert.equal((await emulator.control.state()).state.deployments.length, 2);
  });
});
