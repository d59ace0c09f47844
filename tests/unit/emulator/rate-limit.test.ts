import { strict as assert } from "node:assert";
import { SEED_READ_KEY } from "../../../emulator";
import { RateLimiter } from "../../../emulator/rate-limit";
import { call, ManualClock, startTestEmulator, type TestEmulator } from "./helpers";

describe("emulator rate limit", () => {
  describe("RateLimiter", () => {
    it("allows a burst, then refuses with the whole seconds until the next token", () => {
      const clock = new ManualClock();
      const limiter = new RateLimiter({ requestsPerSecond: 0.5, burst: 2 }, clock.now);
      assert.ok(limiter.take("k").allowed);
      assert.ok(limiter.take("k").allowed);
      assert.deepEqual(limiter.take("k"), { allowed: false, retryAfterSeconds: 2 });
      clock.advance(2_000);
      assert.ok(limiter.take("k").allowed);
    });

    it("rejects a nonsensical configuration", () => {
      assert.throws(
        () => new RateLimiter({ requestsPerSecond: 0, burst: 1 }, Date.now),
        RangeError,
      );
    });
  });

  describe("over HTTP", () => {
    let t: TestEmulator;
    beforeEach(async () => {
      t = await startTestEmulator({ rateLimit: { requestsPerSecond: 1, burst: 3 } });
    });
    afterEach(async () => {
      await t.emulator.close();
    });

    it("answers 429 with Retry-After and a JSON body once the burst is spent", async () => {
      for (let i = 0; i < 3; i++)
        assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
      const limited = await call(t.emulator, "GET", "/applications");
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get("retry-after"), "1");
      assert.deepEqual(limited.json, { status: 429, error: "Too Many Requests" });
      t.clock.advance(1_000);
      assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
    });

    it("keeps one bucket per key", async () => {
      for (let i = 0; i < 4; i++) await call(t.emulator, "GET", "/applications");
      assert.equal(
        (await call(t.emulator, "GET", "/applications", { key: SEED_READ_KEY })).status,
        200,
      );
    });

    it("refills every bucket on reset", async () => {
      for (let i = 0; i < 4; i++) await call(t.emulator, "GET", "/applications");
      await t.emulator.control.reset();
      assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
    });

    it("does not limit the control plane", async () => {
      for (let i = 0; i < 10; i++) await t.emulator.control.requests();
      assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
    });
  });
});
