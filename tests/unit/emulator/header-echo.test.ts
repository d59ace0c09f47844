import { strict as assert } from "node:assert";
import {
  credentialEchoMessage,
  defaultSeed,
  SEED_API_APP_ID,
  SEED_PROJECT_ID,
  SEED_PROJECT_KEY,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

/** A key whose percent-encoding differs from its raw form. */
const SPECIAL_KEY = "emu+key/with=chars&more-0123456789";

/** Whether `secret` occurs in `text` so that character `offset` falls inside it. */
function straddles(text: string, secret: string, offset: number): boolean {
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < offset && offset < at + secret.length) return true;
  }
  return false;
}

describe("emulator echo_headers fault", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
    const seed = defaultSeed();
    await t.emulator.control.seed({
      ...seed,
      keys: [
        ...seed.keys,
        { kind: "project", token: SPECIAL_KEY, name: "special", projectId: SEED_PROJECT_ID },
      ],
    });
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  it("answers 400 whose message has the raw Authorization across 200 and the encoded key across 500", async () => {
    await t.emulator.control.addHeaderEcho();
    const res = await call<{ errors: string[] }>(t.emulator, "GET", "/applications", {
      key: SPECIAL_KEY,
    });
    assert.equal(res.status, 400);
    const [message] = res.json.errors;
    assert.ok(straddles(message, `Bearer ${SPECIAL_KEY}`, 200), message);
    assert.ok(straddles(message, encodeURIComponent(SPECIAL_KEY), 500), message);
    assert.notEqual(encodeURIComponent(SPECIAL_KEY), SPECIAL_KEY);
    // What a truncate-then-redact client would keep: part of the key, but never all of it.
    const cut = message.slice(0, 200);
    assert.ok(!cut.includes(SPECIAL_KEY));
    assert.ok(cut.includes(SPECIAL_KEY.slice(0, 5)));
  });

  it("answers 5xx in the status/error shape, with echoes around custom offsets", async () => {
    await t.emulator.control.addHeaderEcho({ status: 500, echoAround: [50, 120, 300] });
    const res = await call<{ status: number; error: string }>(t.emulator, "GET", "/applications", {
      project: "echoed-project",
    });
    assert.deepEqual([res.status, res.json.status], [500, 500]);
    const message = res.json.error;
    assert.ok(straddles(message, `Bearer ${SEED_PROJECT_KEY}`, 50));
    assert.ok(straddles(message, SEED_PROJECT_KEY, 120));
    assert.ok(straddles(message, `Bearer ${SEED_PROJECT_KEY}`, 300));
    assert.match(message, /x-nodion-project=echoed-project/);
  });

  it("fires the scripted number of times without acting, then serves normally", async () => {
    await t.emulator.control.addHeaderEcho({ method: "POST", times: 2 });
    for (let i = 0; i < 2; i++)
      assert.equal((await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID))).status, 400);
    assert.equal((await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID))).status, 200);
    assert.equal((await t.emulator.control.state()).state.deployments.length, 1);
    const log = await t.emulator.control.requests();
    assert.deepEqual(
      log.map((r) => r.fault),
      ["echo_headers", "echo_headers", undefined],
    );
    assert.ok(!JSON.stringify(log).includes(SEED_PROJECT_KEY));
  });

  it("keeps every echo whole and in order when offsets are too close to centre them", () => {
    const message = credentialEchoMessage({ authorization: "Bearer abcdef" }, [0, 1, 2]);
    const first = message.indexOf("Bearer abcdef");
    const second = message.indexOf("api_key=abcdef", first);
    const third = message.indexOf("Bearer abcdef", second);
    assert.ok(first >= 0 && second > first && third > second, message);
  });

  it("rejects offsets out of order", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "echo_headers", echoAround: [500, 200] }),
    });
    assert.equal(res.status, 400);
  });
});
