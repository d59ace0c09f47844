import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { localDir, toolchainBinDir } from "../../toolchain/env";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { refreshChangesNothing, triggerChangeDeploysOnce } from "../helpers/plugin-steps";
import { pluginHome } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";

const TYPE = "nodion:index:Deployment";

/** The Pulumi YAML program of tests/languages (one deployment, inputs from config). */
const yamlProgram = path.join(__dirname, "..", "languages", "programs", "yaml");

/**
 * A PATH that holds the YAML language host and nothing else: no `node` anywhere. The plugin is
 * Node.js inside its single executable, so a machine without Node.js runs it.
 */
function pathWithoutNode(): string {
  const bin = path.join(localDir, "tests", `no-node-bin-${process.pid}`);
  fs.rmSync(bin, { recursive: true, force: true });
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(
    path.join(toolchainBinDir(), "pulumi-language-yaml"),
    path.join(bin, "pulumi-language-yaml"),
  );
  return bin;
}

describe("nodion plugin with no node on PATH (YAML program, real CLI, emulator)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;
  let program: string;
  let bin: string;

  before(async () => {
    emulator = await startTestEmulator();
    const home = await pluginHome("no-node");
    program = path.join(localDir, "tests", `no-node-program-${process.pid}`);
    fs.rmSync(program, { recursive: true, force: true });
    fs.cpSync(yamlProgram, program, { recursive: true });
    bin = pathWithoutNode();
    stack = await TestStack.create({
      program,
      config: {
        applicationId: SEED_API_APP_ID,
        trigger: "sha-1",
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { PULUMI_HOME: home, PATH: bin },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
    for (const dir of [program, bin]) {
      if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs with a PATH that holds no node", () => {
    for (const dir of bin.split(path.delimiter)) {
      assert.ok(!fs.existsSync(path.join(dir, "node")), `${dir} holds node`);
    }
  });

  it("creates one deployment with one POST", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    const [deployment] = (await emulator.control.state()).state.deployments;
    const resource = (await stack.resources()).find((r) => r.type === TYPE);
    assert.equal(resource?.id, `${SEED_API_APP_ID}/${deployment?.id}`);
  });

  it("deploys exactly once more (one POST) when the trigger changes", () =>
    triggerChangeDeploysOnce(stack, emulator, SEED_API_APP_ID));

  it("refreshes without any mutating request", () => refreshChangesNothing(stack, emulator, TYPE));

  it("destroys without any mutating request", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
  });
});
