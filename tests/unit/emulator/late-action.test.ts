import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  readStateFile,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  type DeploymentJson,
  type DeploymentListItemJson,
  type RequestLogEntry,
} from "../../../emulator";
import {
  call,
  deploymentsPath,
  eventually,
  startTestEmulator,
  wait,
  type TestEmulator,
} from "./helpers";

describe("emulator act_late fault", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    // The real clock, so that created_at shows when the server acted.
    t = await startTestEmulator({ now: Date.now });
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const post = (signal?: AbortSignal) =>
    fetch(`${t.emulator.url}${deploymentsPath(SEED_API_APP_ID)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
      signal,
    });
  const listed = async (): Promise<readonly DeploymentListItemJson[]> =>
    (
      await call<{ deployments: DeploymentListItemJson[] }>(
        t.emulator,
        "GET",
        deploymentsPath(SEED_API_APP_ID),
      )
    ).json.deployments;
  const postLog = async (): Promise<RequestLogEntry | undefined> =>
    (await t.emulator.control.requests()).find((r) => r.method === "POST");

  it("creates the deployment actAfterMs after arrival and answers with it then", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 300 });
    const started = Date.now();
    const response = post();
    await wait(100);
    assert.equal((await listed()).length, 0, "listed before the server acted");
    const res = await response;
    assert.ok(Date.now() - started >= 290);
    assert.equal(res.status, 200);
    const { deployment } = (await res.json()) as { deployment: DeploymentJson };
    const [only, ...rest] = await listed();
    assert.deepEqual([only.id, rest.length], [deployment.id, 0]);
    const entry = await postLog();
    assert.equal(entry?.fault, "act_late");
    const lateBy = Date.parse(deployment.created_at) - Date.parse(entry?.at ?? "");
    assert.ok(lateBy >= 290, `created ${lateBy} ms after arrival`);
  });

  it("acts after the client timed out, creating exactly one deployment", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 300, answerAfterMs: 600 });
    await assert.rejects(
      post(AbortSignal.timeout(100)),
      (error: Error) => error.name === "TimeoutError",
    );
    assert.equal((await listed()).length, 0);
    await eventually(async () => ((await listed()).length > 0 ? true : undefined));
    await wait(400); // past answerAfterMs: nothing more happens
    assert.equal((await listed()).length, 1);
    const [fault] = await t.emulator.control.faults();
    assert.deepEqual([fault.fired, fault.acted, fault.remaining], [1, 1, 0]);
    const entry = await eventually(postLog);
    assert.deepEqual([entry.status, entry.fault], [0, "act_late"]);
  });

  it("answers before acting with the scripted status (default 504), then acts", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 400, answerAfterMs: 100 });
    const res = await post();
    assert.equal(res.status, 504);
    assert.deepEqual(await res.json(), { status: 504, error: "Gateway Timeout" });
    assert.equal((await listed()).length, 0);
    await eventually(async () => ((await listed()).length === 1 ? true : undefined));
  });

  it("answers late with the real response, the deployment listed before the answer", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 100, answerAfterMs: 500 });
    const started = Date.now();
    const response = post();
    await eventually(async () => ((await listed()).length === 1 ? true : undefined));
    assert.ok(Date.now() - started < 450, "listed only when the answer came");
    const res = await response;
    assert.ok(Date.now() - started >= 490);
    assert.equal(res.status, 200);
  });

  it("drop: acts, then destroys the connection at answerAfterMs", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 100, answer: "drop", answerAfterMs: 300 });
    const started = Date.now();
    await assert.rejects(post(), TypeError);
    assert.ok(Date.now() - started >= 290);
    assert.equal((await listed()).length, 1);
    const entry = await eventually(postLog);
    assert.equal(entry.status, 0);
  });

  it("hold: acts but never answers, until the client closes", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 100, answer: "hold" });
    await assert.rejects(
      post(AbortSignal.timeout(400)),
      (error: Error) => error.name === "TimeoutError",
    );
    assert.equal((await listed()).length, 1);
    const entry = await eventually(postLog);
    assert.deepEqual([entry.status, entry.fault], [0, "act_late"]);
    assert.ok(entry.ms >= 390, "logged when the client closed");
  });

  it("fires the scripted number of times, then POSTs act at once", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 100, times: 2 });
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 200);
    assert.equal((await listed()).length, 3);
    const log = await t.emulator.control.requests();
    assert.deepEqual(
      log.filter((r) => r.method === "POST").map((r) => r.fault),
      ["act_late", "act_late", undefined],
    );
    const [fault] = await t.emulator.control.faults();
    assert.deepEqual([fault.fired, fault.acted, fault.remaining], [2, 2, 0]);
  });

  it("a reset cancels an act that has not happened yet", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 200, answer: "hold" });
    await assert.rejects(post(AbortSignal.timeout(50)));
    await t.emulator.control.reset();
    await wait(300);
    assert.equal((await listed()).length, 0);
  });

  it("applies only to the scripted method and path by default", async () => {
    await t.emulator.control.addLateAction({ actAfterMs: 5_000, answer: "hold" });
    assert.equal((await call(t.emulator, "GET", deploymentsPath(SEED_API_APP_ID))).status, 200);
    const [fault] = await t.emulator.control.faults();
    assert.deepEqual([fault.method, fault.path, fault.fired], ["POST", "/deployments", 0]);
  });

  it("rejects act_late fields on other actions", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ status: 500, answer: "hold", actAfterMs: 5 }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { errors: string[] }).errors, [
      'fault.actAfterMs applies only to action "act_late"',
      'fault.answer applies only to action "act_late"',
    ]);
  });
});

describe("emulator act_late and close()", () => {
  it("close() ends a held request at once and cancels the pending act", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-late-"));
    try {
      const stateFile = join(dir, "state.json");
      const t = await startTestEmulator({ now: Date.now, stateFile });
      await t.emulator.control.addLateAction({ actAfterMs: 200, answer: "hold" });
      const held = fetch(`${t.emulator.url}${deploymentsPath(SEED_API_APP_ID)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
      });
      const settled = held.then(
        () => "answered",
        () => "failed",
      );
      await wait(50);
      const started = Date.now();
      await t.emulator.close();
      assert.ok(Date.now() - started < 500, "close() waited for the fault");
      assert.equal(await settled, "failed");
      await wait(300);
      assert.equal(readStateFile(stateFile)?.state.deployments.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
