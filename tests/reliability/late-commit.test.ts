import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { deploymentStack, startTestEmulator } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack, type StateResource } from "../helpers/pulumi-stack";
import { deploymentCount, postCount, STACK_TRACE } from "./faults";

const app = SEED_API_APP_ID;

/**
 * A short request timeout and no `NODION_OUTCOME_WINDOW_MS`: the observation window after an
 * unclear POST is then the SDK's 30 s floor, not the request timeout.
 */
const ENV = { NODION_REQUEST_TIMEOUT_MS: "1000" } as const;

/** A late commit the window covers: 2.5 request timeouts after the POST arrived. */
const SOON_MS = 2_500;
/** A late commit past the 30 s floor: the trigger has posted again by then (at about 31 s). */
const PAST_FLOOR_MS = 34_000;
/**
 * How long each build takes in the past-the-floor case: the second POST's deployment is still
 * building when the late commit lands (31 s + 8 s > 34 s), so the wait sees it.
 */
const SLOW_BUILD_MS = 8_000;

/**
 * The late commits, as rows: the emulator acts on the first POST `actAfterMs` after it arrived
 * and never answers it (the client times out after 1 s).
 */
const LATE_COMMITS = [
  {
    name: `a POST committed ${SOON_MS} ms after it arrived (2.5 request timeouts)`,
    actAfterMs: SOON_MS,
    buildMs: 1_000,
    expect: { posts: 1, duplicate: false },
  },
  {
    name: `a POST committed ${PAST_FLOOR_MS} ms after it arrived (after the 30 s window)`,
    actAfterMs: PAST_FLOOR_MS,
    buildMs: SLOW_BUILD_MS,
    expect: { posts: 2, duplicate: true },
  },
] as const;

interface Face {
  readonly name: string;
  readonly stack: (emulator: RunningEmulator, triggers: string) => Promise<TestStack>;
}

// The two faces over one core: the dynamic resource from JavaScript and the provider plugin.
const FACES: readonly Face[] = [
  {
    name: "the dynamic resource",
    stack: (emulator, triggers) =>
      deploymentStack(emulator, { config: { applicationId: app, triggers }, env: ENV }),
  },
  {
    name: "the provider plugin",
    stack: async (emulator, triggers) =>
      TestStack.create({
        program: pluginProgram,
        config: { applicationId: app, triggers, "nodion:baseUrl": emulator.url },
        secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
        env: { ...ENV, PULUMI_HOME: await pluginHome("late-commit") },
      }),
  },
];

async function deploymentInState(stack: TestStack): Promise<StateResource | undefined> {
  return (await stack.resources()).find((r) => /nodion:(index:)?Deployment$/.test(r.type));
}

for (const face of FACES) {
  describe(`late commits of an unclear POST, through ${face.name} (real CLI, emulator)`, () => {
    let emulator: RunningEmulator;
    let stack: TestStack;

    before(async () => {
      emulator = await startTestEmulator();
      stack = await face.stack(emulator, JSON.stringify(["late-0"]));
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
    });

    afterEach(async () => {
      await emulator.control.clearFaults();
    });

    after(async () => {
      await stack?.remove();
      await emulator?.close();
    });

    for (const row of LATE_COMMITS) {
      it(`${row.name}: ${row.expect.duplicate ? "warns and records the duplicate" : "makes one deployment"}`, async () => {
        const before = await deploymentCount(emulator, app);
        const ours = before + 1;
        await emulator.control.clearRequests();
        await emulator.control.setBehaviour(app, { buildMs: row.buildMs });
        await emulator.control.addLateAction({ actAfterMs: row.actAfterMs, answer: "hold" });
        await stack.setConfig("triggers", JSON.stringify([`late-${row.actAfterMs}`]));
        const up = await stack.up();
        await emulator.control.setBehaviour(app, {});
        assert.equal(up.code, 0, `a late commit never fails up:\n${up.output}`);
        assert.equal(await postCount(emulator, app), row.expect.posts, "POSTs");
        const made = row.expect.duplicate ? 2 : 1;
        assert.equal(await deploymentCount(emulator, app), before + made, "deployments");
        assert.doesNotMatch(up.output, STACK_TRACE);
        const outputs = (await deploymentInState(stack))?.outputs;
        assert.equal(outputs?.deployNumber, ours, "ours, never the late one");
        assert.equal(outputs?.status, "available");
        const late = before + 2;
        // The engine prints each line live and again under "Diagnostics": count distinct lines.
        const warnings = [
          ...new Set(
            up.output
              .split("\n")
              .map((l) => l.slice(l.indexOf("warning: application")))
              .filter((l) => l.startsWith(`warning: application ${app}: deploy #`)),
          ),
        ];
        if (!row.expect.duplicate) {
          assert.match(up.output, /found in the list after an unclear response/);
          assert.deepEqual(warnings, []);
          assert.deepEqual(outputs?.duplicateDeployNumbers, []);
          assert.equal(outputs?.unclearPost ?? null, null);
          return;
        }
        assert.equal(warnings.length, 1, up.output);
        assert.match(
          warnings[0] ?? "",
          new RegExp(
            `^warning: application ${app}: deploy #${late} shows the same commit as this stack's deploy #${ours} .*records #${late} in duplicateDeployNumbers and never redeploys`,
          ),
        );
        assert.deepEqual(outputs?.duplicateDeployNumbers, [late]);
        const unclear = outputs?.unclearPost as { afterDeployNumber?: number } | undefined;
        assert.equal(unclear?.afterDeployNumber, before);
      });
    }

    it("refresh names the duplicate again and keeps ours", async () => {
      await emulator.control.clearRequests();
      const refresh = await stack.refresh();
      assert.equal(refresh.code, 0, refresh.output);
      assert.match(refresh.output, /warning: application .*: deploy #\d+ shows the same commit/);
      const outputs = (await deploymentInState(stack))?.outputs;
      assert.equal(outputs?.deployNumber, (await deploymentCount(emulator, app)) - 1);
      assert.equal((outputs?.duplicateDeployNumbers as unknown[])?.length, 1);
      assert.equal(await postCount(emulator, app), 0);
    });

    it("the next up looks again and never posts because of it", async () => {
      const count = await deploymentCount(emulator, app);
      await emulator.control.clearRequests();
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.equal(await postCount(emulator, app), 0);
      assert.equal(await deploymentCount(emulator, app), count);
      const outputs = (await deploymentInState(stack))?.outputs;
      assert.equal((outputs?.duplicateDeployNumbers as unknown[])?.length, 1);
    });
  });
}
