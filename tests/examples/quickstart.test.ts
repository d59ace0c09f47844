import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID } from "../../emulator";
import { SourceRepo } from "../../examples/demo/source-repo";
import { localDir, repoRoot } from "../../toolchain/env";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { exampleStack } from "../helpers/examples";
import { TestStack } from "../helpers/pulumi-stack";

describe("examples/quickstart (the repository's Pulumi.yaml)", () => {
  let emulator: RunningEmulator;
  let workDir: string;
  let source: SourceRepo;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    fs.mkdirSync(path.join(localDir, "tests"), { recursive: true });
    workDir = fs.mkdtempSync(path.join(localDir, "tests", "quickstart-src-"));
    source = SourceRepo.create(path.join(workDir, "app"));
    // Nodion builds its branch head; start it at the checkout's commit, as a push would.
    await emulator.control.pushCommit(SEED_API_APP_ID, { sha: source.head() });
    stack = await exampleStack(emulator, {
      program: repoRoot,
      config: { applicationId: SEED_API_APP_ID, sourceDir: source.dir },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("deploys the checkout's sha and exports the deployment", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const out = await stack.outputs();
    assert.equal(out.sha, source.head(), "the command read the checkout's HEAD");
    assert.equal(out.deployedSha, out.sha);
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    assert.equal(await countRequests(emulator, "POST"), 1);
  });

  it("previews no change while the sha is unchanged (--expect-no-changes passes)", async () => {
    await emulator.control.clearRequests();
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual(
      preview.steps.filter((s) => s.op !== "same"),
      [],
      "every resource is unchanged",
    );
    assert.equal(await countRequests(emulator, "POST"), 0);
  });

  it("re-reads the sha on every up and deploys nothing while it is unchanged", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.deepEqual(
      up.steps.filter((s) => s.op !== "same"),
      [],
    );
    assert.equal(await countRequests(emulator, "POST"), 0);
    assert.equal((await stack.outputs()).deployNumber, 1);
  });

  it("previews exactly one update of the deployment after a push, and nothing else", async () => {
    const pushed = source.commit("Second version");
    await emulator.control.pushCommit(SEED_API_APP_ID, pushed);
    await emulator.control.clearRequests();
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
    const changed = preview.steps.filter((s) => s.op !== "same");
    assert.deepEqual(
      changed.map((s) => [s.type, s.op, s.changedInputs]),
      [["pulumi-nodejs:dynamic/nodion:Deployment", "update", ["triggers"]]],
    );
    assert.equal(await countRequests(emulator, "POST"), 0, "a preview deploys nothing");
    const strict = await stack.preview({ expectNoChanges: true });
    assert.notEqual(strict.code, 0, "--expect-no-changes fails when the sha moved");
  });

  it("deploys exactly once after a push: deploy #2 of the new sha", async () => {
    const pushed = { sha: source.head() };
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.sha, pushed.sha);
    assert.equal(out.deployedSha, pushed.sha);
    assert.equal(out.deployNumber, 2);
    assert.equal(out.commitMessage, "Second version");
    assert.deepEqual(
      up.steps.filter((s) => s.op !== "same").map((s) => s.op),
      ["update"],
    );
  });
});
