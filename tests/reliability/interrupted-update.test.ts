import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_API_HEAD_SHA } from "../../emulator";
import type { PulumiRun } from "../../toolchain/run-pulumi";
import { ERROR_STACKS_ENV } from "../../provider/error-text";
import type { TestStack } from "../helpers/pulumi-stack";
import { FACES } from "./faces";
import {
  deploymentCount,
  LeakWatch,
  postCount,
  providerErrorLines,
  RELIABILITY_KEY,
  STACK_TRACE,
  startReliabilityEmulator,
  waitFor,
} from "./faults";
import { isRunning, killTree, processTree } from "./processes";

const app = SEED_API_APP_ID;
const BUILD_MS = 20_000;

/** How a test stops `pulumi up`. */
type Interruption = "SIGINT" | "SIGINT twice" | "SIGKILL";

/** The pending operations an interrupted run left in the exported state, by type. */
async function pendingOperations(stack: TestStack): Promise<string[]> {
  const exported = JSON.parse(await stack.exportState()) as {
    deployment: { pending_operations?: { type: string }[] };
  };
  return (exported.deployment.pending_operations ?? []).map((op) => op.type);
}

// Observed with Pulumi 3.276; tests/reliability/INTERRUPTED.md tells users the steps.
for (const face of FACES) {
  describe(`${face.name}: pulumi up interrupted while updating a deployment`, () => {
    const leaks = new LeakWatch();
    let emulator: RunningEmulator;
    let stack: TestStack;
    /** The deploy number recorded in state, as the tests go. */
    let recorded = 0;

    before(async () => {
      emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
      await emulator.control.setBehaviour(app, { buildMs: 300 });
      stack = await face.stack(emulator, {
        applicationId: app,
        triggers: JSON.stringify([SEED_API_HEAD_SHA]),
      });
      const first = await stack.up();
      assert.equal(first.code, 0, first.output);
      recorded = 1;
      await emulator.control.setBehaviour(app, { buildMs: BUILD_MS });
    });

    after(async () => {
      if (stack !== undefined) {
        await leaks.capture(stack);
        await stack.remove();
      }
      await emulator?.close();
    });

    /** Moves the triggers to a new commit, starts `up`, and stops it once its POST was made. */
    async function interruptedUpdate(how: Interruption): Promise<{ sha: string; run: PulumiRun }> {
      const { sha } = await emulator.control.pushCommit(app);
      await stack.setConfig("triggers", JSON.stringify([sha]));
      const before = await postCount(emulator, app);
      let pid = 0;
      const running = stack.upProcess({ onSpawn: (p) => (pid = p) });
      await waitFor(async () => (await postCount(emulator, app)) > before, "the update's POST");
      // Let the provider start polling, so the interruption lands in the wait.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const tree = processTree(pid);
      if (how === "SIGKILL") {
        killTree(pid);
      } else {
        process.kill(pid, "SIGINT");
        if (how === "SIGINT twice") {
          await new Promise((resolve) => setTimeout(resolve, 500));
          process.kill(pid, "SIGINT");
        } else {
          // The provider waits for the build: finish it.
          await new Promise((resolve) => setTimeout(resolve, 500));
          await emulator.control.advanceClock(BUILD_MS);
        }
      }
      const run = await running;
      await waitFor(async () => tree.every((p) => !isRunning(p)), "the CLI's processes to exit");
      return { sha, run };
    }

    /** Runs `up`, finishing the build as soon as the provider adopted or triggered one. */
    function upFinishingBuild(): Promise<PulumiRun> {
      let advanced = false;
      return stack.up({
        onOutput: (chunk) => {
          if (!advanced && /adopting it|triggered deploy/.test(chunk)) {
            advanced = true;
            void emulator.control.advanceClock(BUILD_MS);
          }
        },
      });
    }

    /** The line the next `up` prints when it adopts the interrupted run's deploy #n. */
    const adopting = (n: number) =>
      `deploy #${n} of application ${app} for these triggers appeared after the recorded #${n - 1} (an interrupted run?); adopting it`;

    it("after SIGKILL and pulumi cancel, the next up adopts the finished deployment; one deployment", async () => {
      const { sha } = await interruptedUpdate("SIGKILL");
      assert.deepEqual(await pendingOperations(stack), ["updating"]);
      const locked = await stack.up();
      assert.match(locked.output, /the stack is currently locked by 1 lock/);
      await stack.cli(["cancel", "--yes", "--stack", stack.name]);

      await emulator.control.advanceClock(BUILD_MS); // the build finished meanwhile
      await emulator.control.clearRequests();
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.match(next.output, /1 pending operations from previous deployment/);
      assert.ok(next.output.includes(adopting(recorded + 1)), next.output);
      assert.equal(await postCount(emulator, app), 0, "no second deployment");
      recorded += 1;
      const out = await stack.outputs();
      assert.deepEqual([out.deployNumber, out.status, out.gitSha], [recorded, "available", sha]);
      assert.equal(await deploymentCount(emulator, app), recorded);
      assert.deepEqual(
        await pendingOperations(stack),
        [],
        "a successful up clears a pending update",
      );
    });

    it("after SIGKILL with the build still running, the next up adopts it and waits", async () => {
      const { sha } = await interruptedUpdate("SIGKILL");
      await stack.cli(["cancel", "--yes", "--stack", stack.name]);
      await emulator.control.clearRequests();
      const next = await upFinishingBuild();
      assert.equal(next.code, 0, next.output);
      assert.ok(next.output.includes(adopting(recorded + 1)), next.output);
      assert.equal(await postCount(emulator, app), 0, "no second deployment");
      recorded += 1;
      const out = await stack.outputs();
      assert.deepEqual([out.deployNumber, out.status, out.gitSha], [recorded, "available", sha]);
    });

    it("after Ctrl-C twice (no lock left), the next up adopts the deployment in flight", async () => {
      const { run } = await interruptedUpdate("SIGINT twice");
      assert.match(run.output, /update cancelled/);
      assert.equal(run.code, 8);
      assert.deepEqual(await pendingOperations(stack), ["updating"]);
      await emulator.control.clearRequests();
      const next = await upFinishingBuild();
      assert.equal(next.code, 0, next.output);
      assert.ok(next.output.includes(adopting(recorded + 1)), next.output);
      assert.equal(await postCount(emulator, app), 0, "no second deployment");
      recorded += 1;
      assert.equal((await stack.outputs()).deployNumber, recorded);
    });

    it("after one Ctrl-C, the wait finishes and is recorded; the next up deploys nothing", async () => {
      const { run } = await interruptedUpdate("SIGINT");
      assert.match(run.output, /\^C received; cancelling/);
      assert.notEqual(run.code, 0);
      assert.deepEqual(await pendingOperations(stack), []);
      recorded += 1;
      const resource = (await stack.resources()).find((r) => face.isDeployment(r.type));
      assert.equal(resource?.outputs?.deployNumber, recorded);
      assert.equal(resource?.outputs?.status, "available");
      await emulator.control.clearRequests();
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.equal(await postCount(emulator, app), 0);
      assert.equal((await stack.outputs()).deployNumber, recorded);
    });

    it("a change that keeps the recorded sha (a fresh deploy on purpose) deploys once", async () => {
      const out = await stack.outputs();
      await stack.setConfig("triggers", JSON.stringify([out.gitSha, "again"]));
      await emulator.control.clearRequests();
      const next = await upFinishingBuild();
      assert.equal(next.code, 0, next.output);
      assert.match(next.output, new RegExp(`triggered deploy #${recorded + 1} of application`));
      assert.equal(await postCount(emulator, app), 1);
      recorded += 1;
      assert.equal((await stack.outputs()).deployNumber, recorded);
    });

    it("a 404 from the deployment list during an update is one line, with no stack", async () => {
      const { sha } = await emulator.control.pushCommit(app);
      await stack.setConfig("triggers", JSON.stringify([sha]));
      await emulator.control.clearRequests();
      await emulator.control.addFault({ method: "GET", path: "/deployments", status: 404 });
      const failed = await stack.up();
      assert.notEqual(failed.code, 0);
      assert.deepEqual(providerErrorLines(failed.output), [
        `Nodion API: list deployments for application ${app}: 404 Not Found (GET /v1/applications/${app}/deployments). Check the application ID and that it belongs to the selected project.`,
      ]);
      assert.match(failed.output, /^ *error: Nodion API: list deployments/m);
      assert.doesNotMatch(failed.output, /^ {4}at /m);
      assert.doesNotMatch(failed.output, STACK_TRACE);
      assert.doesNotMatch(failed.output, /NotFoundError/);
      assert.equal(await postCount(emulator, app), 0, "nothing was posted");

      // Asked for, the stack is printed too (for a bug report). The engine shows a plugin's stderr
      // only in its debug output.
      await emulator.control.addFault({ method: "GET", path: "/deployments", status: 404 });
      const env = stack.envWith({ [ERROR_STACKS_ENV]: "1" });
      const debug = face.name === "plugin" ? ["--debug"] : [];
      const args = ["up", "--yes", "--skip-preview", ...debug, ...stack.stackArgs()];
      const traced = await stack.run(args, { env });
      assert.notEqual(traced.code, 0);
      assert.match(traced.output, /NotFoundError: Nodion API: list deployments/);
      assert.match(traced.output, STACK_TRACE);
      assert.equal(await postCount(emulator, app), 0, "nothing was posted");
    });

    it("never shows the API key in output, state, exports or the emulator log", async () => {
      await leaks.capture(stack);
      leaks.assertNoKey(RELIABILITY_KEY);
    });
  });
}
