import { strict as assert } from "node:assert";
import {
  EmulatorControlError,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  type DeploymentJson,
  type DeploymentListItemJson,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

describe("emulator faults", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const trigger = () =>
    call<{ deployment: DeploymentJson }>(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
  const deploymentCount = async (): Promise<number> =>
    (
      await call<{ deployments: DeploymentListItemJson[] }>(
        t.emulator,
        "GET",
        deploymentsPath(SEED_API_APP_ID),
      )
    ).json.deployments.length;
  const rawTrigger = () =>
    fetch(`${t.emulator.url}${deploymentsPath(SEED_API_APP_ID)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
    });

  it("answers 503 twice with Retry-After, then serves normally", async () => {
    await t.emulator.control.addFault({
      method: "POST",
      path: "/deployments",
      status: 503,
      times: 2,
      retryAfter: 7,
    });
    for (let i = 0; i < 2; i++) {
      const res = await trigger();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get("retry-after"), "7");
      assert.deepEqual(res.json, { status: 503, error: "Service Unavailable" });
    }
    assert.equal((await trigger()).status, 200);
    assert.equal(await deploymentCount(), 1);
    const [fault] = await t.emulator.control.faults();
    assert.equal(fault.fired, 2);
    assert.equal(fault.remaining, 0);
  });

  it("sends a scripted JSON or raw body", async () => {
    await t.emulator.control.addFault({
      status: 400,
      body: { errors: ["Deployment already running"] },
    });
    await t.emulator.control.addFault({ status: 500, body: "oops" });
    const first = await trigger();
    assert.deepEqual(first.json, { errors: ["Deployment already running"] });
    const second = await trigger();
    assert.equal(second.text, "oops");
    assert.match(second.headers.get("content-type") ?? "", /^text\/plain/);
  });

  it("matches method and path filters, including /regex/ paths, in the order added", async () => {
    await t.emulator.control.addFault({ method: "GET", status: 502 });
    await t.emulator.control.addFault({ path: "/deployments$/", status: 504 });
    assert.equal((await trigger()).status, 504);
    assert.equal((await call(t.emulator, "GET", "/applications")).status, 502);
    assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
  });

  it("drop_before destroys the connection without creating a deployment", async () => {
    await t.emulator.control.addFault({ method: "POST", action: "drop_before" });
    await assert.rejects(rawTrigger(), TypeError);
    assert.equal(await deploymentCount(), 0);
  });

  it("drop_after creates exactly one deployment while the client sees a socket error", async () => {
    await t.emulator.control.addFault({
      method: "POST",
      path: "/deployments",
      action: "drop_after",
    });
    await assert.rejects(rawTrigger(), TypeError);
    assert.equal(await deploymentCount(), 1);
    const log = await t.emulator.control.requests();
    assert.deepEqual(
      log.map((r) => [r.method, r.status, r.fault]),
      [
        ["POST", 0, "drop_after"],
        ["GET", 200, undefined],
      ],
    );
  });

  it("malformed_json acts and returns a truncated body that does not parse", async () => {
    await t.emulator.control.addFault({ method: "POST", action: "malformed_json" });
    const res = await rawTrigger();
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(text.startsWith('{"deployment":{'));
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.equal(await deploymentCount(), 1);
  });

  it("html answers a 502 proxy page without acting", async () => {
    await t.emulator.control.addFault({ action: "html" });
    const res = await rawTrigger();
    assert.equal(res.status, 502);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await res.text(), /<h1>502 Bad Gateway<\/h1>/);
    assert.equal(await deploymentCount(), 0);
  });

  it("a latency fault times out a client, then the next request is served promptly", async () => {
    await t.emulator.control.addFault({ method: "GET", latencyMs: 2_000 });
    const started = Date.now();
    await assert.rejects(
      fetch(`${t.emulator.url}/applications`, {
        headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
        signal: AbortSignal.timeout(100),
      }),
      (error: Error) => error.name === "TimeoutError",
    );
    assert.ok(Date.now() - started < 1_500);
    assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
  });

  it("a latency fault without a status delays and then serves the real response", async () => {
    await t.emulator.control.addFault({ method: "POST", latencyMs: 150 });
    const started = Date.now();
    const res = await trigger();
    assert.ok(Date.now() - started >= 140);
    assert.equal(res.status, 200);
    const [fault] = await t.emulator.control.faults();
    assert.equal(fault.action, "delay");
  });

  it("lists faults with counters and clears them", async () => {
    const added = await t.emulator.control.addFault({ status: 500, times: 3 });
    assert.equal(added.remaining, 3);
    await trigger();
    const [listed] = await t.emulator.control.faults();
    assert.deepEqual([listed.id, listed.fired, listed.remaining], [added.id, 1, 2]);
    await t.emulator.control.clearFaults();
    assert.deepEqual(await t.emulator.control.faults(), []);
    assert.equal((await trigger()).status, 200);
  });

  it("rejects an invalid fault spec with every problem listed", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ status: 99, times: 0, action: "explode" }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { errors: string[] }).errors.length, 3);
  });

  it("surfaces control-plane refusals as a branded EmulatorControlError", async () => {
    const error = await t.emulator.control.addFault({ status: 99 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(EmulatorControlError.isInstance(error));
    assert.equal(error.status, 400);
    assert.equal(error.operation, "POST /_emulator/faults");
  });

  it("never applies faults to the control plane", async () => {
    await t.emulator.control.addFault({ action: "drop_before", times: 5 });
    await t.emulator.control.state();
    const [fault] = await t.emulator.control.faults();
    assert.equal(fault.fired, 0);
  });
});
