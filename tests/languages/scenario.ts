import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { refreshChangesNothing, triggerChangeDeploysOnce } from "../helpers/plugin-steps";
import { pluginHome, pluginVersion } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import { Language, LanguageWorkspace, prepareWorkspace } from "./workspaces";

const TYPE = "nodion:index:Deployment";

/**
 * The same lifecycle, under the real engine against the emulator, for the plugin's program in
 * `language` (tests/languages/programs/<language>, through the SDK generated from schema.json):
 * up (one POST), a trigger change (exactly one more), refresh, `pulumi import` by
 * `<applicationId>/<deploymentId>` (no POST), destroy, a bad input refused at preview, and the
 * API key in no output or state file.
 */
export function describeLanguageLifecycle(language: Language): void {
  describe(`nodion:index:Deployment from ${language} (generated SDK, installed plugin, real CLI)`, () => {
    let emulator: RunningEmulator;
    let workspace: LanguageWorkspace;
    let home: string;
    const stacks: TestStack[] = [];
    let stack: TestStack;

    /** A stack of the program, config from `config`, sharing the plugin home and a backend. */
    const newStack = async (config: Readonly<Record<string, string>>) => {
      const created = await TestStack.create({
        program: workspace.program,
        backendDir: `${workspace.program}-state`,
        config: { "nodion:baseUrl": emulator.url, ...config },
        secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
        env: { ...workspace.env, PULUMI_HOME: home },
      });
      stacks.push(created);
      return created;
    };

    before(async () => {
      emulator = await startTestEmulator();
      workspace = prepareWorkspace(language);
      home = await pluginHome(`lang-${language}`);
      stack = await newStack({ applicationId: SEED_API_APP_ID, trigger: "sha-1" });
    });

    after(async () => {
      for (const s of stacks) await s.remove();
      await emulator?.close();
      if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
      if (workspace === undefined) return;
      fs.rmSync(workspace.program, { recursive: true, force: true });
      fs.rmSync(`${workspace.program}-state`, { recursive: true, force: true });
    });

    it("creates one deployment with one POST and exports its outputs", async () => {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await countRequests(emulator, "POST"), 1);
      const [deployment] = (await emulator.control.state()).state.deployments;
      const out = await stack.outputs();
      assert.equal(out.deploymentId, deployment?.id);
      assert.equal(out.deployNumber, 1);
      assert.equal(out.status, "available");
      const resource = (await stack.resources()).find((r) => r.type === TYPE);
      assert.equal(resource?.id, `${SEED_API_APP_ID}/${deployment?.id}`);
      if (language !== "yaml") {
        // The SDK asks for the plugin version it was generated with (package.json's), never "any".
        const provider = (await stack.resources()).find(
          (r) => r.type === "pulumi:providers:nodion",
        );
        assert.equal(provider?.inputs?.version, pluginVersion);
      }
    });

    it("deploys exactly once more (one POST) when the trigger changes", () =>
      triggerChangeDeploysOnce(stack, emulator, SEED_API_APP_ID));

    it("refreshes without any mutating request", () =>
      refreshChangesNothing(stack, emulator, TYPE));

    it("imports the deployment by <applicationId>/<deploymentId> into another stack, no POST", async () => {
      const deploymentId = String((await stack.outputs()).deploymentId);
      const other = await newStack({ applicationId: SEED_API_APP_ID, trigger: "sha-2" });
      await emulator.control.clearRequests();
      const id = `${SEED_API_APP_ID}/${deploymentId}`;
      const run = await other.run([
        ...["import", TYPE, "site", id, "--yes", "--generate-code=false"],
        ...other.stackArgs(),
      ]);
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(await mutatingRequests(emulator), []);
      const resource = (await other.resources()).find((r) => r.type === TYPE);
      assert.equal(resource?.id, id);
      assert.equal(resource?.outputs?.deploymentId, deploymentId);
      assert.equal(resource?.outputs?.deployNumber, 2);
    });

    it("destroys without any mutating request", async () => {
      await emulator.control.clearRequests();
      const destroy = await stack.destroy();
      assert.equal(destroy.code, 0, destroy.output);
      assert.deepEqual(await mutatingRequests(emulator), []);
      assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
      assert.equal((await emulator.control.state()).state.deployments.length, 2);
    });

    it("rejects a malformed applicationId at preview, before any request", async () => {
      await stack.setConfig("applicationId", "not-a-uuid");
      await emulator.control.clearRequests();
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0, preview.output);
      assert.match(preview.output, /applicationId/);
      assert.equal((await emulator.control.requests()).length, 0);
    });

    it("never writes the API key to any output or state file", () => {
      for (const s of stacks) {
        assert.ok(!s.allOutput().includes(SEED_PROJECT_KEY), `the key was printed (${s.name})`);
        const leaked = s.rawBackendFiles().filter((text) => text.includes(SEED_PROJECT_KEY));
        assert.equal(leaked.length, 0, `the key is in ${leaked.length} state file(s) of ${s.name}`);
        assert.ok(s.rawBackendFiles().length > 0, "state files were scanned");
      }
    });
  });
}
