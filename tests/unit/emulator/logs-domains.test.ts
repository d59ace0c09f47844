import * as assert from "node:assert/strict";
import {
  SEED_API_APP_ID,
  SEED_READ_KEY,
  SEED_SANDBOX_APP_ID,
  SEED_WEB_APP_ID,
  instanceIdOf,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

interface LogsBody {
  readonly logs: readonly { ts: string; msg: string; instance_id: string }[];
}

const logsPath = (appId: string, query = ""): string =>
  `/applications/${appId}/logs${query === "" ? "" : `?${query}`}`;

describe("emulator logs and domains", () => {
  let t: TestEmulator;

  beforeEach(async () => {
    t = await startTestEmulator({ buildMs: 1000 });
  });

  afterEach(async () => {
    await t.emulator.close();
  });

  async function messages(appId: string, query = ""): Promise<string[]> {
    const res = await call<LogsBody>(t.emulator, "GET", logsPath(appId, query));
    assert.equal(res.status, 200, res.text);
    return res.json.logs.map((l) => l.msg);
  }

  it("writes a failing build's lines as time passes, oldest first, under the logs envelope", async () => {
    await t.emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "always" });
    const post = await call<{ deployment: { id: string } }>(
      t.emulator,
      "POST",
      deploymentsPath(SEED_API_APP_ID),
    );
    assert.deepEqual(await messages(SEED_API_APP_ID), [
      'deploy #1 started: building 80dd7af ("Initial commit")',
    ]);
    t.clock.advance(1000);
    const res = await call<LogsBody>(t.emulator, "GET", logsPath(SEED_API_APP_ID));
    assert.deepEqual(
      res.json.logs.map((l) => l.msg),
      [
        'deploy #1 started: building 80dd7af ("Initial commit")',
        "Step 1/3 : FROM node:20-alpine",
        "Step 2/3 : RUN npm ci && npm run build",
        'npm ERR! Missing script: "build"',
        "ERROR: The command '/bin/sh -c npm ci && npm run build' returned a non-zero code: 1",
        "deploy #1 failed",
      ],
    );
    const instance = instanceIdOf(post.json.deployment.id);
    assert.ok(res.json.logs.every((l) => l.instance_id === instance));
    assert.equal(res.json.logs[0]?.ts, "2025-03-01T12:00:00.000+00:00");
  });

  it("says why an image deployment failed or expired", async () => {
    await t.emulator.control.setBehaviour(SEED_WEB_APP_ID, { failMode: "on_tag", failOn: "9.9" });
    await call(t.emulator, "POST", deploymentsPath(SEED_WEB_APP_ID), {
      body: { image_tag: "9.9" },
    });
    t.clock.advance(1000);
    assert.ok(
      (await messages(SEED_WEB_APP_ID)).includes(
        "ERROR: manifest for docker.io/library/nginx:9.9 not found",
      ),
    );
    await t.emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "expire" });
    await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
    t.clock.advance(1000);
    assert.equal((await messages(SEED_API_APP_ID)).at(-1), "deploy #1 expired");
  });

  it("pages with limit and the exclusive after/before cursors, and filters by instance", async () => {
    await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
    t.clock.advance(2000);
    const second = await call<{ deployment: { id: string } }>(
      t.emulator,
      "POST",
      deploymentsPath(SEED_API_APP_ID),
    );
    t.clock.advance(2000);
    const all = (await call<LogsBody>(t.emulator, "GET", logsPath(SEED_API_APP_ID))).json.logs;
    assert.equal(all.length, 12);
    const first3 = await messages(SEED_API_APP_ID, "limit=3&after=2025-03-01T11:59:59.000Z");
    assert.deepEqual(
      first3,
      all.slice(0, 3).map((l) => l.msg),
    );
    const after = all[0]?.ts ?? "";
    assert.deepEqual(
      await messages(SEED_API_APP_ID, `limit=1&after=${encodeURIComponent(after)}`),
      [all[1]?.msg],
      "after is exclusive",
    );
    const last2 = await messages(SEED_API_APP_ID, "limit=2");
    assert.deepEqual(
      last2,
      all.slice(-2).map((l) => l.msg),
      "without after: the newest lines",
    );
    const before = encodeURIComponent(all[1]?.ts ?? "");
    assert.deepEqual(await messages(SEED_API_APP_ID, `before=${before}`), [all[0]?.msg]);
    const instance = instanceIdOf(second.json.deployment.id);
    const own = await messages(SEED_API_APP_ID, `instance_id=${instance}`);
    assert.equal(own.length, 6);
    assert.equal(own[0], 'deploy #2 started: building 80dd7af ("Initial commit")');
  });

  it("serves the last hour by default, and older lines through a cursor", async () => {
    await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
    t.clock.advance(2 * 60 * 60 * 1000);
    assert.deepEqual(await messages(SEED_API_APP_ID), []);
    assert.equal((await messages(SEED_API_APP_ID, "after=2025-03-01T00:00:00Z")).length, 6);
  });

  it("answers 400 naming each bad parameter", async () => {
    const res = await call<{ errors: string[] }>(
      t.emulator,
      "GET",
      logsPath(SEED_API_APP_ID, "limit=2501&before=soon&instance_id="),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(res.json.errors, [
      "limit must be a whole number from 1 to 2500",
      "before must be an ISO 8601 timestamp",
      "instance_id must not be empty",
    ]);
  });

  it("serves lines written through the control plane, with their time and instance", async () => {
    const [written] = await t.emulator.control.writeLogs(SEED_API_APP_ID, [
      { msg: "hello from the app", instanceId: "0000-instance" },
    ]);
    assert.equal(written?.ts, "2025-03-01T12:00:00.000+00:00");
    const res = await call<LogsBody>(t.emulator, "GET", logsPath(SEED_API_APP_ID));
    assert.deepEqual(res.json.logs, [
      {
        ts: "2025-03-01T12:00:00.000+00:00",
        msg: "hello from the app",
        instance_id: "0000-instance",
      },
    ]);
    const bad = await fetch(`${t.emulator.origin}/_emulator/apps/${SEED_API_APP_ID}/logs`, {
      method: "POST",
      body: JSON.stringify({ lines: [{ msg: 1 }] }),
    });
    assert.equal(bad.status, 400);
  });

  it("lets a read-only user key read logs and domains", async () => {
    const logs = await call(t.emulator, "GET", logsPath(SEED_API_APP_ID), { key: SEED_READ_KEY });
    assert.equal(logs.status, 200);
    const domains = await call(t.emulator, "GET", `/applications/${SEED_API_APP_ID}/domains`, {
      key: SEED_READ_KEY,
    });
    assert.equal(domains.status, 200);
  });

  it("lists an app's domains under the domains envelope, with Nodion's field names", async () => {
    const res = await call<{ domains: Record<string, unknown>[] }>(
      t.emulator,
      "GET",
      `/applications/${SEED_API_APP_ID}/domains`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json.domains[0] ?? {}), [
      "id",
      "status",
      "domain_type",
      "domain_name",
      "verification_code",
      "created_at",
    ]);
    assert.equal(res.json.domains[0]?.domain_name, "api.emulator.nodion.app");
    assert.equal(res.json.domains[0]?.status, "verified");
  });

  it("answers 404 for the logs and domains of an app in another project", async () => {
    for (const path of [
      logsPath(SEED_SANDBOX_APP_ID),
      `/applications/${SEED_SANDBOX_APP_ID}/domains`,
    ]) {
      const res = await call(t.emulator, "GET", path);
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { status: 404, error: "Not Found" });
    }
  });

  it("applies scripted faults to the logs and domains routes like any other", async () => {
    await t.emulator.control.addFault({ method: "GET", path: "/logs", status: 503, times: 1 });
    await t.emulator.control.addFault({ method: "GET", path: "/domains", status: 403, times: 1 });
    assert.equal((await call(t.emulator, "GET", logsPath(SEED_API_APP_ID))).status, 503);
    assert.equal((await call(t.emulator, "GET", logsPath(SEED_API_APP_ID))).status, 200);
    const domainsPath = `/applications/${SEED_API_APP_ID}/domains`;
    assert.equal((await call(t.emulator, "GET", domainsPath)).status, 403);
    assert.equal((await call(t.emulator, "GET", domainsPath)).status, 200);
    const faults = await t.emulator.control.faults();
    assert.deepEqual(
      faults.map((f) => f.fired),
      [1, 1],
    );
  });
});
