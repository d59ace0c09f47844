import { strict as assert } from "node:assert";
import {
  SEED_API_APP_ID,
  SEED_WORKER_APP_ID,
  type DeploymentJson,
  type DeploymentListItemJson,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

describe("emulator stale_list fault (eventually consistent lists)", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const trigger = async (appId = SEED_API_APP_ID): Promise<DeploymentJson> => {
    const res = await call<{ deployment: DeploymentJson }>(
      t.emulator,
      "POST",
      deploymentsPath(appId),
    );
    assert.equal(res.status, 200);
    return res.json.deployment;
  };
  const listedNumbers = async (appId = SEED_API_APP_ID): Promise<number[]> => {
    const res = await call<{ deployments: DeploymentListItemJson[] }>(
      t.emulator,
      "GET",
      deploymentsPath(appId),
    );
    assert.equal(res.status, 200);
    return res.json.deployments.map((d) => d.deploy_number);
  };

  it("returns the new deployment from the POST at once, and lists it only lagMs later", async () => {
    await t.emulator.control.addListLag({ lagMs: 1_000, times: 10 });
    const created = await trigger();
    assert.equal(created.deploy_number, 1);
    assert.deepEqual(await listedNumbers(), []);
    t.clock.advance(999);
    assert.deepEqual(await listedNumbers(), []);
    t.clock.advance(1);
    assert.deepEqual(await listedNumbers(), [1]);
  });

  it("hides only the deployments younger than lagMs", async () => {
    await trigger();
    t.clock.advance(5_000);
    await trigger();
    await t.emulator.control.addListLag({ lagMs: 1_000 });
    assert.deepEqual(await listedNumbers(), [1]);
  });

  it("lags the scripted number of lists, then lists are up to date again", async () => {
    await t.emulator.control.addListLag({ lagMs: 60_000, times: 2 });
    await trigger();
    assert.deepEqual(await listedNumbers(), []);
    assert.deepEqual(await listedNumbers(), []);
    assert.deepEqual(await listedNumbers(), [1]);
    const log = await t.emulator.control.requests();
    assert.deepEqual(
      log.map((r) => [r.method, r.fault]),
      [
        ["POST", undefined],
        ["GET", "stale_list"],
        ["GET", "stale_list"],
        ["GET", undefined],
      ],
    );
    const [fault] = await t.emulator.control.faults();
    assert.deepEqual([fault.fired, fault.remaining], [2, 0]);
  });

  it("applies to the lists of the scripted path only, and never to the POST", async () => {
    await t.emulator.control.addListLag({
      lagMs: 60_000,
      path: deploymentsPath(SEED_WORKER_APP_ID),
      times: 5,
    });
    await trigger(SEED_API_APP_ID);
    await trigger(SEED_WORKER_APP_ID);
    assert.deepEqual(await listedNumbers(SEED_API_APP_ID), [1]);
    assert.deepEqual(await listedNumbers(SEED_WORKER_APP_ID), []);
    const [fault] = await t.emulator.control.faults();
    assert.equal(fault.fired, 1);
  });

  it("requires lagMs", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "stale_list" }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { errors: string[] }).errors, [
      'fault.lagMs is required for action "stale_list"',
    ]);
  });
});
