import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_API_HEAD_SHA } from "../../emulator";
import type { PulumiRun } from "../../toolchain/run-pulumi";
import type { TestStack } from "../helpers/pulumi-stack";
import { FACES, type Face } from "./faces";
import {
  deploymentCount,
  deploymentIds,
  LeakWatch,
  postCount,
  RELIABILITY_KEY,
  startReliabilityEmulator,
  waitFor,
} from "./faults";
import { isRunning, killTree, processTree } from "./processes";

const app = SEED_API_APP_ID;
const BUILD_MS = 20_000;

/** What an interrupted `up` left behind in the exported state. */
interface Leftovers {
  readonly pendingCreates: number;
  readonly deployments: number;
}

async function leftovers(stack: TestStack, face: Face): Promise<Leftovers> {
  const exported = JSON.parse(await stack.exportState()) as {
    deployment: { pending_operations?: { type: string }[]; resources?: { type: string }[] };
  };
  const { pending_operations: pending = [], resources = [] } = exported.deployment;
  return {
    pendingCreates: pending.filter((op) => op.type === "creating").length,
    deployments: resources.filter((r) => face.isDeployment(r.type)).length,
  };
}

// Observed behaviour of Pulumi 3.276; tests/reliability/INTERRUPTED.md tells users the steps.
for (const face of FACES) {
  describe(`${face.name}: pulumi up interrupted while creating a deployment`, () => {
    const leaks = new LeakWatch();
    let emulator: RunningEmulator;
    let stack: TestStack;
    let stackLive = false;

    beforeEach(async () => {
      emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
      await emulator.control.setBehaviour(app, { buildMs: BUILD_MS });
    });

    afterEach(async () => {
      if (stackLive) {
        stackLive = false;
        await leaks.capture(stack);
        await stack.remove();
      }
      await emulator?.close();
    });

    async function createStack(trigger: string): Promise<void> {
      stack = await face.stack(emulator, {
        applicationId: app,
        triggers: JSON.stringify([trigger]),
      });
      stackLive = true;
    }

    /** Starts `up` and resolves once the deployment was triggered, with the CLI's pid. */
    async function upUntilTriggered(): Promise<{ running: Promise<PulumiRun>; pid: number }> {
      let pid = 0;
      const running = stack.upProcess({ onSpawn: (p) => (pid = p) });
      await waitFor(async () => (await postCount(emulator, app)) > 0, "the trigger POST");
      // Let the provider start polling, so the interruption lands in the wait.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return { running, pid };
    }

    /** Runs `up`, finishing the build as soon as the provider says it adopted a deployment. */
    function upFinishingAdoptedBuild(): Promise<PulumiRun> {
      let advanced = false;
      return stack.up({
        onOutput: (chunk) => {
          if (!advanced && /adopt(ing|ed)/.test(chunk)) {
            advanced = true;
            void emulator.control.advanceClock(BUILD_MS);
          }
        },
      });
    }

    it("on SIGINT, Pulumi lets the wait finish and records the deployment; the next up deploys nothing", async () => {
      await emulator.control.setBehaviour(app, { buildMs: 6000 });
      await createStack("interrupt-1");
      const { running, pid } = await upUntilTriggered();
      process.kill(pid, "SIGINT");
      const interrupted = await running;

      assert.notEqual(interrupted.code, 0);
      assert.match(interrupted.output, /\^C received; cancelling/);
      assert.match(interrupted.output, /update canceled/);
      assert.deepEqual(await leftovers(stack, face), { pendingCreates: 0, deployments: 1 });
      const recorded = (await stack.resources()).find((r) => face.isDeployment(r.type));
      assert.equal(recorded?.outputs?.status, "available", "Pulumi waited for the build");

      await emulator.control.clearRequests();
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.equal(await postCount(emulator, app), 0);
      assert.equal(await deploymentCount(emulator, app), 1);
      const out = await stack.outputs();
      assert.equal(out.status, "available");
      assert.equal(out.deploymentId, (await deploymentIds(emulator, app))[0]);
    });

    it("on Ctrl-C twice, the CLI stops at once; the next up adopts the deployment still in flight", async () => {
      await createStack(SEED_API_HEAD_SHA);
      const { running, pid } = await upUntilTriggered();
      const tree = processTree(pid);
      process.kill(pid, "SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(pid, "SIGINT");
      const interrupted = await running;

      assert.notEqual(interrupted.code, 0);
      assert.match(interrupted.output, /update cancelled/);
      await waitFor(async () => tree.every((p) => !isRunning(p)), "the CLI's processes to exit");
      assert.deepEqual(await leftovers(stack, face), { pendingCreates: 1, deployments: 0 });

      await emulator.control.clearRequests();
      const next = await upFinishingAdoptedBuild();
      assert.equal(next.code, 0, next.output);
      assert.match(next.output, /1 pending operations from previous deployment/);
      assert.match(
        next.output,
        /deploy #1 of application .* for these triggers is in progress; adopting it/,
      );
      assert.equal(await postCount(emulator, app), 0, "no second deployment");
      assert.equal((await stack.outputs()).status, "available");
      assert.deepEqual(await leftovers(stack, face), { pendingCreates: 1, deployments: 1 });
      const refreshed = await stack.refresh();
      assert.equal(refreshed.code, 0, refreshed.output);
      assert.equal((await leftovers(stack, face)).pendingCreates, 1, "a plain refresh keeps it");

      const cleared = await stack.run([
        ...["refresh", "--yes", "--skip-preview", "--clear-pending-creates"],
        ...["--stack", stack.name, "--config-file", stack.configFile],
      ]);
      assert.equal(cleared.code, 0, cleared.output);
      assert.deepEqual(await leftovers(stack, face), { pendingCreates: 0, deployments: 1 });
    });

    it("on SIGKILL of every process, the stack stays locked until pulumi cancel; the next up adopts the finished deployment", async () => {
      await createStack(SEED_API_HEAD_SHA);
      const { running, pid } = await upUntilTriggered();
      killTree(pid);
      await running;
      assert.deepEqual(await leftovers(stack, face), { pendingCreates: 1, deployments: 0 });

      const locked = await stack.up();
      assert.notEqual(locked.code, 0);
      assert.match(locked.output, /the stack is currently locked by 1 lock/);
      assert.match(locked.output, /pulumi cancel/);
      await stack.cli(["cancel", "--yes", "--stack", stack.name]);

      // The build finishes before anyone runs up again.
      await emulator.control.advanceClock(BUILD_MS);
      await emulator.control.clearRequests();
      const next = await stack.up();
      assert.equal(next.code, 0, next.output);
      assert.match(
        next.output,
        /deploy #1 of application .* for these triggers is already the newest and available; adopting it/,
      );
      assert.equal(await postCount(emulator, app), 0, "no second deployment");
      assert.equal(await deploymentCount(emulator, app), 1);
      assert.equal((await stack.outputs()).status, "available");
    });

    // The recovery by adoptDeploymentId is the core's, the same for both faces; the plugin program
    // does not take that input, so this runs once.
    if (face.name === "dynamic") {
      it("with triggers that name no commit, recovers by cancel, clearing the pending create and adoptDeploymentId", async () => {
        await createStack("build-42");
        const { running, pid } = await upUntilTriggered();
        killTree(pid);
        await running;
        const [inFlight] = await deploymentIds(emulator, app);
        assert.ok(inFlight !== undefined);

        await stack.cli(["cancel", "--yes", "--stack", stack.name]);
        await stack.cli([
          ...["refresh", "--yes", "--skip-preview", "--clear-pending-creates"],
          ...["--stack", stack.name, "--config-file", stack.configFile],
        ]);
        assert.deepEqual(await leftovers(stack, face), { pendingCreates: 0, deployments: 0 });
        await stack.setConfig("adoptDeploymentId", inFlight);

        await emulator.control.clearRequests();
        const next = await upFinishingAdoptedBuild();
        assert.equal(next.code, 0, next.output);
        assert.match(next.output, /adopted deploy #1 of application/);
        assert.equal(await postCount(emulator, app), 0, "no second deployment");
        const out = await stack.outputs();
        assert.equal(out.deploymentId, inFlight);
        assert.equal(out.status, "available");
      });
    }

    it("never shows the API key in output, state, exports or the emulator log", () => {
      leaks.assertNoKey(RELIABILITY_KEY);
    });
  });
}
