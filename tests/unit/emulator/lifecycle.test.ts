import { strict as assert } from "node:assert";
import {
  deploymentStatus,
  isTerminalStatus,
  outcomeFor,
  SEED_API_APP_ID,
  SEED_API_HEAD_SHA,
  SEED_WEB_APP_ID,
  type DeploymentListItemJson,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

describe("emulator lifecycle", () => {
  describe("deploymentStatus", () => {
    const base = { createdAtMs: 1_000, buildMs: 1_000, outcome: "available" } as const;

    it("is created at the trigger instant and through the first tenth of the build", () => {
      assert.equal(deploymentStatus(base, 1_000), "created");
      assert.equal(deploymentStatus(base, 1_100), "created");
    });

    it("is waiting after the created phase until the build time has passed", () => {
      assert.equal(deploymentStatus(base, 1_101), "waiting");
      assert.equal(deploymentStatus(base, 1_999), "waiting");
    });

    it("reaches its outcome once the build time has passed", () => {
      assert.equal(deploymentStatus(base, 2_000), "available");
      assert.equal(deploymentStatus({ ...base, outcome: "failed" }, 2_000), "failed");
      assert.equal(deploymentStatus({ ...base, outcome: "expired" }, 9_999), "expired");
    });

    it("still answers created at the trigger instant with a zero build time", () => {
      const instant = { ...base, buildMs: 0 };
      assert.equal(deploymentStatus(instant, 1_000), "created");
      assert.equal(deploymentStatus(instant, 1_001), "available");
    });

    it("treats only available, failed and expired as terminal", () => {
      assert.deepEqual(
        (["created", "waiting", "available", "failed", "expired"] as const).map(isTerminalStatus),
        [false, false, true, true, true],
      );
    });
  });

  describe("outcomeFor", () => {
    const sha = "a".repeat(40);
    it("fails only the configured sha or tag", () => {
      assert.equal(
        outcomeFor({ failMode: "on_sha", failOn: sha }, { gitSha: sha, imageTag: null }),
        "failed",
      );
      assert.equal(
        outcomeFor({ failMode: "on_sha", failOn: sha }, { gitSha: "b".repeat(40), imageTag: null }),
        "available",
      );
      assert.equal(
        outcomeFor({ failMode: "on_tag", failOn: "bad" }, { gitSha: null, imageTag: "bad" }),
        "failed",
      );
      assert.equal(
        outcomeFor({ failMode: "on_tag", failOn: "bad" }, { gitSha: null, imageTag: "good" }),
        "available",
      );
    });
  });

  describe("through the API", () => {
    let t: TestEmulator;
    beforeEach(async () => {
      t = await startTestEmulator({ buildMs: 10_000 });
    });
    afterEach(async () => {
      await t.emulator.close();
    });

    async function statusOf(appId: string, deployNumber: number): Promise<string | undefined> {
      const list = await call<{ deployments: DeploymentListItemJson[] }>(
        t.emulator,
        "GET",
        deploymentsPath(appId),
      );
      return list.json.deployments.find((d) => d.deploy_number === deployNumber)?.status;
    }

    it("moves created → waiting → available as the injected clock advances", async () => {
      const post = await call<{ deployment: DeploymentListItemJson }>(
        t.emulator,
        "POST",
        deploymentsPath(SEED_API_APP_ID),
      );
      assert.equal(post.json.deployment.status, "created");
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "created");
      t.clock.advance(1_001);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "waiting");
      t.clock.advance(8_998);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "waiting");
      t.clock.advance(1);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "available");
    });

    it("fails a deployment of the configured sha and not the next one", async () => {
      await t.emulator.control.setBehaviour(SEED_API_APP_ID, {
        failMode: "on_sha",
        failOn: SEED_API_HEAD_SHA,
      });
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      await t.emulator.control.pushCommit(SEED_API_APP_ID, { message: "fix" });
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      t.clock.advance(10_000);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "failed");
      assert.equal(await statusOf(SEED_API_APP_ID, 2), "available");
    });

    it("fails a deployment of the configured image tag", async () => {
      await t.emulator.control.setBehaviour(SEED_WEB_APP_ID, {
        failMode: "on_tag",
        failOn: "broken",
      });
      await call(t.emulator, "POST", deploymentsPath(SEED_WEB_APP_ID), {
        body: { image_tag: "broken" },
      });
      t.clock.advance(10_000);
      assert.equal(await statusOf(SEED_WEB_APP_ID, 1), "failed");
    });

    it("expires every deployment in expire mode, after waiting", async () => {
      await t.emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "expire" });
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      t.clock.advance(5_000);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "waiting");
      t.clock.advance(5_000);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "expired");
    });

    it("uses a per-app build time over the default", async () => {
      await t.emulator.control.setBehaviour(SEED_API_APP_ID, { buildMs: 100 });
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      t.clock.advance(100);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "available");
    });

    it("keeps a triggered deployment's outcome when the behaviour changes later", async () => {
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      await t.emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "always" });
      t.clock.advance(10_000);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "available");
    });

    it("advances through the control-plane clock as well", async () => {
      await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      const clock = await t.emulator.control.advanceClock(10_000);
      assert.equal(clock.offsetMs, 10_000);
      assert.equal(await statusOf(SEED_API_APP_ID, 1), "available");
    });
  });
});
