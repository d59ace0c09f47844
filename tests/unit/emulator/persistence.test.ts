import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  readStateFile,
  SEED_API_APP_ID,
  SEED_WEB_APP_ID,
  startEmulator,
  STATE_FILE_FORMAT,
  type DeploymentJson,
  type DeploymentListItemJson,
} from "../../../emulator";
import { call, deploymentsPath, ManualClock } from "./helpers";

describe("emulator persistence", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-emulator-"));
    file = path.join(dir, "state.json");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the state file at start and replaces it by rename after each mutation", async () => {
    const emulator = await startEmulator({ stateFile: file });
    try {
      assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).format, STATE_FILE_FORMAT);
      const before = fs.statSync(file).ino;
      await call(emulator, "POST", deploymentsPath(SEED_API_APP_ID));
      // A new inode means a new file was renamed over the old one instead of being rewritten in place.
      assert.notEqual(fs.statSync(file).ino, before);
      assert.equal(readStateFile(file)?.state.deployments.length, 1);
      assert.deepEqual(fs.readdirSync(dir), ["state.json"], "no temp file left behind");
    } finally {
      await emulator.close();
    }
  });

  it("keeps deployments, numbering, pushed commits and behaviour across a restart", async () => {
    const clock = new ManualClock();
    const first = await startEmulator({ stateFile: file, now: clock.now });
    await call(first, "POST", deploymentsPath(SEED_API_APP_ID));
    await call(first, "POST", deploymentsPath(SEED_WEB_APP_ID), { body: { image_tag: "1.26" } });
    const commit = await first.control.pushCommit(SEED_API_APP_ID);
    await first.control.setBehaviour(SEED_API_APP_ID, { failMode: "always", buildMs: 50 });
    await first.close();

    const second = await startEmulator({ stateFile: file, now: clock.now });
    try {
      const next = await call<{ deployment: DeploymentJson }>(
        second,
        "POST",
        deploymentsPath(SEED_API_APP_ID),
      );
      assert.equal(next.json.deployment.deploy_number, 2);
      assert.equal(next.json.deployment.git_sha, commit.sha);
      clock.advance(400);
      const list = await call<{ deployments: DeploymentListItemJson[] }>(
        second,
        "GET",
        deploymentsPath(SEED_API_APP_ID),
      );
      assert.deepEqual(
        list.json.deployments.map((d) => [d.deploy_number, d.status]),
        [
          [2, "failed"],
          [1, "waiting"],
        ],
      );
      const web = await call<{ deployments: DeploymentListItemJson[] }>(
        second,
        "GET",
        deploymentsPath(SEED_WEB_APP_ID),
      );
      assert.equal(web.json.deployments[0].image_reference, "docker.io/library/nginx:1.26");
    } finally {
      await second.close();
    }
  });

  it("keeps the control-plane clock offset across a restart", async () => {
    const clock = new ManualClock();
    const first = await startEmulator({ stateFile: file, now: clock.now });
    await first.control.advanceClock(60_000);
    await first.close();
    const second = await startEmulator({ stateFile: file, now: clock.now });
    try {
      assert.equal((await second.control.clock()).offsetMs, 60_000);
    } finally {
      await second.close();
    }
  });

  it("refuses to start from a corrupt state file, naming it", async () => {
    fs.writeFileSync(file, "{ half");
    await assert.rejects(
      startEmulator({ stateFile: file }),
      /state file .*state\.json is not usable: not valid JSON/,
    );
    fs.writeFileSync(file, JSON.stringify({ format: STATE_FILE_FORMAT, state: { apps: "no" } }));
    await assert.rejects(startEmulator({ stateFile: file }), /seed\.apps must be an array/);
  });

  it("goes back to the seed, not the loaded file, on reset", async () => {
    const first = await startEmulator({ stateFile: file });
    await call(first, "POST", deploymentsPath(SEED_API_APP_ID));
    await first.close();
    const second = await startEmulator({ stateFile: file });
    try {
      await second.control.reset();
      assert.equal((await second.control.state()).state.deployments.length, 0);
      assert.equal(readStateFile(file)?.state.deployments.length, 0);
    } finally {
      await second.close();
    }
  });
});
