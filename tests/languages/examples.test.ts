import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { SourceRepo } from "../../examples/demo/source-repo";
import { pulumiEnv, repoRoot, toolchainLink } from "../../toolchain/env";
import { runPulumi } from "../../toolchain/run-pulumi";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { pluginHome } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import { Language, prepareWorkspace } from "./workspaces";

/** The command plugin (the toolchain's build of it) installed into `home` next to nodion. */
async function installCommandPlugin(home: string): Promise<void> {
  const binary = path.join(toolchainLink, "build", "pulumi-resource-command");
  const env = pulumiEnv({ backendDir: path.join(home, "backend"), extra: { PULUMI_HOME: home } });
  const args = ["plugin", "install", "resource", "command", "1.2.1", "-f", binary];
  const run = await runPulumi(args, { cwd: repoRoot, env });
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${run.output}`);
}

for (const [example, language] of [
  ["yaml", "yaml"],
  ["python", "python"],
] as const satisfies readonly (readonly [string, Language])[]) {
  describe(`examples/${example}: the quickstart through the provider plugin (real CLI, emulator)`, () => {
    let emulator: RunningEmulator;
    let stack: TestStack;
    let repo: SourceRepo;
    let program: string;
    let home: string;

    before(async () => {
      emulator = await startTestEmulator();
      const workspace = prepareWorkspace(language, path.join(repoRoot, "examples", example));
      program = workspace.program;
      repo = SourceRepo.create(`${program}-source`);
      home = await pluginHome(`example-${example}`);
      await installCommandPlugin(home);
      stack = await TestStack.create({
        program,
        backendDir: `${program}-state`,
        config: {
          applicationId: SEED_API_APP_ID,
          sourceDir: repo.dir,
          "nodion:baseUrl": emulator.url,
        },
        secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
        env: { ...workspace.env, PULUMI_HOME: home },
      });
    });

    after(async () => {
      await stack?.destroy();
      await stack?.remove();
      await emulator?.close();
      for (const dir of [program, `${program}-source`, `${program}-state`, home]) {
        if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("deploys the checkout's sha with one POST", async () => {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await countRequests(emulator, "POST"), 1);
      const out = await stack.outputs();
      assert.equal(out.sha, repo.head());
      assert.equal(out.status, "available");
      assert.equal(out.deployNumber, 1);
    });

    it("previews no change while the sha stays, and deploys once after a commit", async () => {
      const same = await stack.preview({ expectNoChanges: true });
      assert.equal(same.code, 0, same.output);
      const { sha } = repo.commit("Second version");
      await emulator.control.clearRequests();
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await countRequests(emulator, "POST"), 1);
      assert.deepEqual(
        up.steps.map((s) => [s.type, s.op, s.diffs]),
        [["nodion:index:Deployment", "update", ["triggers"]]],
      );
      assert.equal((await stack.outputs()).sha, sha);
      assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY), "the key is never printed");
    });
  });
}
