import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { oldestNodeDir, toolchainBinDir, toolchainPins } from "../../toolchain/env";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { packageTarball } from "../helpers/package-tarball";
import { TestStack } from "../helpers/pulumi-stack";

const exec = promisify(execFile);

/** Reports the runtime it ran on, so the test can prove which pair it exercised. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const app = new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: [config.require("release")],
});

exports.nodeVersion = process.version;
exports.pulumiSdkVersion = require("@pulumi/pulumi/package.json").version;
exports.deployNumber = app.deployNumber;
exports.status = app.status;
`;

// The oldest pair the package's peer range and engines allow: Node.js 20 with @pulumi/pulumi
// 3.248.0 (the last SDK that runs on Node 20), under the CLI we test with. The package is
// installed from its tarball into a project outside the repository, as a user on that pair has it.
describe("the oldest supported pair (Node.js 20 + @pulumi/pulumi 3.248.0): smoke", () => {
  const pins = toolchainPins();
  let tmp: string;
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-oldest-"));
    const tarball = await packageTarball(tmp);
    const project = path.join(tmp, "project");
    fs.mkdirSync(project);
    const manifest = {
      name: "oldest-pair",
      private: true,
      main: "index.js",
      engines: { node: ">=20" },
      dependencies: {
        "@pulumi/pulumi": pins.PULUMI_SDK_OLDEST,
        "pulumi-nodion": `file:${tarball}`,
      },
    };
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: oldest-pair\nruntime: nodejs\n");
    fs.writeFileSync(path.join(project, "index.js"), PROGRAM);
    const oldestPath = [oldestNodeDir(), toolchainBinDir(), process.env.PATH ?? ""].join(":");
    await exec(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"],
      { cwd: project, env: { ...process.env, PATH: oldestPath } },
    );
    emulator = await startTestEmulator();
    stack = await TestStack.create({
      program: project,
      config: { applicationId: SEED_API_APP_ID, release: "v1", "nodion:baseUrl": emulator.url },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      // The oldest Node first on PATH: the language host and the dynamic-provider shim start it.
      env: { PATH: oldestPath },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("deploys once, on Node.js 20 with @pulumi/pulumi 3.248.0", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const out = await stack.outputs();
    assert.equal(out.nodeVersion, `v${pins.NODE_OLDEST_VERSION}`);
    assert.equal(out.pulumiSdkVersion, pins.PULUMI_SDK_OLDEST);
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    assert.equal(await countRequests(emulator, "POST"), 1);
  });

  it("deploys exactly once more when the trigger changes, and refreshes", async () => {
    await stack.setConfig("release", "v2");
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.deepEqual(
      up.steps.filter((s) => s.op !== "same").map((s) => s.op),
      ["update"],
    );
    assert.equal(await countRequests(emulator, "POST"), 1);
    assert.equal((await stack.outputs()).deployNumber, 2);
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.equal(await countRequests(emulator, "POST"), 1, "refresh deploys nothing");
  });

  it("destroys without calling the API to change anything", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.equal(await countRequests(emulator, "POST"), 0);
    assert.deepEqual(
      destroy.steps.map((s) => s.op),
      ["delete"],
    );
  });
});
