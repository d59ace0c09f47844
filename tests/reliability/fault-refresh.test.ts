import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID } from "../../emulator";
import type { StateResource, TestStack } from "../helpers/pulumi-stack";
import {
  assertFaultsFired,
  assertOneLine,
  deploymentCount,
  deploymentsPath,
  expectationOf,
  FAULTS,
  LeakWatch,
  postCount,
  RELIABILITY_KEY,
  reliabilityStack,
  startReliabilityEmulator,
} from "./faults";

const app = SEED_API_APP_ID;

async function deploymentInState(stack: TestStack): Promise<StateResource | undefined> {
  return (await stack.resources()).find((r) => r.type.endsWith("nodion:Deployment"));
}

// One stack deployed once; each fault hits the deployment-list read of `pulumi refresh`.
describe("fault matrix: the refresh read", () => {
  const leaks = new LeakWatch();
  let emulator: RunningEmulator;
  let stack: TestStack;
  let deploymentId: unknown;

  before(async () => {
    emulator = await startReliabilityEmulator({ log: (line) => leaks.emulatorLog.push(line) });
    stack = await reliabilityStack(emulator, {
      applicationId: app,
      triggers: JSON.stringify(["refresh-me"]),
    });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    deploymentId = (await stack.outputs()).deploymentId;
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  for (const c of FAULTS) {
    const expected = expectationOf(c, "refresh");
    const title =
      expected.class === "transient"
        ? `refreshes through ${c.name}`
        : `fails with one actionable line on ${c.name} and keeps the resource`;
    it(title, async () => {
      await emulator.control.addFault({ method: "GET", path: deploymentsPath(app), ...c.fault });
      const refresh = await stack.refresh();
      await assertFaultsFired(emulator);
      await emulator.control.clearFaults();
      if (expected.class === "transient") {
        assert.equal(refresh.code, 0, refresh.output);
      } else {
        assert.notEqual(refresh.code, 0, "refresh fails");
        assertOneLine(refresh.output, expected.message ?? /./, `refresh: ${c.name}`);
      }
      const resource = await deploymentInState(stack);
      assert.equal(resource?.outputs?.deploymentId, deploymentId, "the deployment stays in state");
      assert.equal(resource?.outputs?.status, "available");
    });
  }

  it("says why it keeps the resource when only the deployment list answers 404", async () => {
    await emulator.control.addFault({ method: "GET", path: deploymentsPath(app), status: 404 });
    await emulator.control.clearRequests();
    const refresh = await stack.refresh();
    await emulator.control.clearFaults();
    assert.notEqual(refresh.code, 0);
    // One look at the application tells a misrouted list from an application the key cannot see.
    assertOneLine(
      refresh.output,
      /deployment list of application .* answered 404 .*but the application itself answers .*a proxy or routing problem .*keeps deploy #1.*pulumi state delete <urn>/,
      "refresh: only the deployment list answers 404",
    );
    assert.doesNotMatch(refresh.output, /Check the application ID/);
    const log = await emulator.control.requests();
    assert.ok(
      log.some((r) => r.method === "GET" && r.path === `/v1/applications/${app}`),
      "asked for the application itself",
    );
  });

  it("converges: the next up deploys nothing", async () => {
    await emulator.control.clearRequests();
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await postCount(emulator, app), 0);
    assert.equal(await deploymentCount(emulator, app), 1);
  });

  it("keeps the resource when the application itself answers 404", async () => {
    // A key or project id for another project answers 404 for every application: no proof.
    // Both the list and the application itself (the path matches both, once each).
    await emulator.control.addFault({
      method: "GET",
      path: `/applications/${app}`,
      status: 404,
      times: 2,
    });
    const refresh = await stack.refresh();
    await assertFaultsFired(emulator);
    await emulator.control.clearFaults();
    assert.notEqual(refresh.code, 0);
    assertOneLine(
      refresh.output,
      /API key from nodion:apiKey .*answers 404 too, so this key and project cannot see the application.*pulumi state delete <urn>/,
      "refresh: the application answers 404",
    );
    assert.equal((await deploymentInState(stack))?.outputs?.deploymentId, deploymentId);
  });

  it("never shows the API key in output, state, exports or the emulator log", async () => {
    await leaks.capture(stack);
    leaks.assertNoKey(RELIABILITY_KEY);
  });
});
