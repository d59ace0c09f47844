import { strict as assert } from "node:assert";
import { SEED_API_APP_ID, SEED_PROJECT_KEY, SEED_READ_KEY, startEmulator } from "../../../emulator";
import { call, deploymentsPath, startTestEmulator } from "./helpers";

describe("emulator request log", () => {
  it("records method, path, status, duration and time of each API request, in order", async () => {
    const t = await startTestEmulator();
    try {
      await call(t.emulator, "GET", "/applications");
      await call(t.emulator, "POST", `${deploymentsPath(SEED_API_APP_ID)}?trace=1`);
      await call(t.emulator, "GET", "/applications", { key: null });
      const log = await t.emulator.control.requests();
      assert.deepEqual(
        log.map((r) => [r.method, r.path, r.status]),
        [
          ["GET", "/v1/applications", 200],
          ["POST", `/v1${deploymentsPath(SEED_API_APP_ID)}`, 200],
          ["GET", "/v1/applications", 401],
        ],
      );
      assert.equal(log[0].at, "2025-03-01T12:00:00.000+00:00");
      assert.ok(log.every((r) => typeof r.ms === "number" && r.ms >= 0));
    } finally {
      await t.emulator.close();
    }
  });

  it("leaves out control-plane requests and empties on clear", async () => {
    const t = await startTestEmulator();
    try {
      await t.emulator.control.state();
      assert.deepEqual(await t.emulator.control.requests(), []);
      await call(t.emulator, "GET", "/applications");
      await t.emulator.control.clearRequests();
      assert.deepEqual(await t.emulator.control.requests(), []);
    } finally {
      await t.emulator.close();
    }
  });

  it("never contains a key, neither in the request log, the log lines nor the state dump", async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({ log: (line) => lines.push(line) });
    try {
      const headers = (key: string) => ({
        authorization: `Bearer ${key}`,
        "x-nodion-project": "p",
      });
      await fetch(`${emulator.url}/applications`, { headers: headers(SEED_PROJECT_KEY) });
      await fetch(`${emulator.url}/applications`, { headers: headers(SEED_READ_KEY) });
      await fetch(`${emulator.url}/applications`, { headers: headers("some-unknown-secret") });
      const dumped = JSON.stringify([
        await emulator.control.requests(),
        await emulator.control.state(),
        lines,
      ]);
      for (const key of [
        SEED_PROJECT_KEY,
        SEED_READ_KEY,
        "some-unknown-secret",
        "Bearer",
        "x-nodion-project",
      ]) {
        assert.ok(!dumped.includes(key), `${key} leaked`);
      }
      assert.equal(lines.filter((l) => l.startsWith("GET /v1/applications ")).length, 3);
    } finally {
      await emulator.close();
    }
  });
});
