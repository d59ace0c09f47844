import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { deploymentStack, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import { LanguageWorkspace, prepareWorkspace } from "./workspaces";

const TYPE = "nodion:index:Deployment";

/**
 * Moving a deployment from the dynamic resource (NodionDeployment) to the plugin's
 * nodion:index:Deployment, as docs/plugin-vs-dynamic.md describes: the dynamic stack forgets it
 * (`pulumi state delete`), the plugin stack takes it over by id. Nothing is deployed again.
 */
describe("moving a deployment from the dynamic resource to the plugin (real CLI, emulator)", () => {
  let emulator: RunningEmulator;
  let workspace: LanguageWorkspace;
  let home: string;
  let dynamic: TestStack;
  let deploymentId: string;
  const stacks: TestStack[] = [];

  /** A stack of the plugin's TypeScript program with trigger sha-1 and `config`. */
  const pluginStack = async (config: Readonly<Record<string, string>> = {}) => {
    const stack = await TestStack.create({
      program: workspace.program,
      backendDir: `${workspace.program}-state`,
      config: {
        applicationId: SEED_API_APP_ID,
        trigger: "sha-1",
        "nodion:baseUrl": emulator.url,
        ...config,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { ...workspace.env, PULUMI_HOME: home },
    });
    stacks.push(stack);
    return stack;
  };

  before(async () => {
    emulator = await startTestEmulator();
    workspace = prepareWorkspace("typescript");
    home = await pluginHome("migration");
    dynamic = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, triggers: JSON.stringify(["sha-1"]) },
      backendDir: `${workspace.program}-state`,
    });
    stacks.push(dynamic);
    const up = await dynamic.up();
    assert.equal(up.code, 0, up.output);
    deploymentId = String((await dynamic.outputs()).deploymentId);
  });

  after(async () => {
    for (const s of stacks) await s.remove();
    await emulator?.close();
    if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
    if (workspace === undefined) return;
    fs.rmSync(workspace.program, { recursive: true, force: true });
    fs.rmSync(`${workspace.program}-state`, { recursive: true, force: true });
  });

  it("the dynamic stack forgets the deployment with `pulumi state delete`, no request", async () => {
    await emulator.control.clearRequests();
    const resource = (await dynamic.resources()).find((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic"),
    );
    assert.ok(resource, "the dynamic resource is in state");
    await dynamic.cli(["state", "delete", resource.urn, "--yes", "--stack", dynamic.name]);
    assert.equal((await dynamic.resources()).filter((r) => r.urn === resource.urn).length, 0);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("adoptDeploymentId takes it over on the first up with no POST, and the next preview is clean", async () => {
    const stack = await pluginStack({ adoptDeploymentId: deploymentId });
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    const out = await stack.outputs();
    assert.equal(out.deploymentId, deploymentId);
    assert.equal(out.deployNumber, 1);
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.code, 0, preview.output);
  });

  it("`pulumi import` records it with no POST; the program's triggers are then new, so the next up deploys once", async () => {
    const stack = await pluginStack();
    await emulator.control.clearRequests();
    const id = `${SEED_API_APP_ID}/${deploymentId}`;
    await stack.cli([
      "import",
      TYPE,
      "site",
      id,
      "--yes",
      "--generate-code=false",
      ...stack.stackArgs(),
    ]);
    assert.deepEqual(await mutatingRequests(emulator), []);
    assert.equal((await stack.resources()).find((r) => r.type === TYPE)?.id, id);
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual(
      preview.steps.map((s) => [s.op, s.diffs]),
      [["update", ["triggers"]]],
    );
    assert.deepEqual(await mutatingRequests(emulator), []);
  });
});
