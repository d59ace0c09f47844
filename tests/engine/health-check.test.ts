import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { deploymentStack, mutatingRequests, startTestEmulator } from "../helpers/nodion";

const app = SEED_API_APP_ID;
const ONE_POST = [`POST /v1/applications/${app}/deployments`];

/** A local application stand-in on 127.0.0.1 that counts the requests it gets. */
interface LocalApp {
  readonly url: string;
  readonly hits: () => number;
  close(): Promise<void>;
}

/** Serves `answer` on a free loopback port; `null` never answers (the socket stays open). */
async function localApp(answer: { status: number; body: string } | null): Promise<LocalApp> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    if (answer === null) return; // hold the request: the health check must time out
    res.writeHead(answer.status, { "content-type": "text/plain" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/healthz`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("NodionDeployment health check (real CLI, emulator, local server)", () => {
  let emulator: RunningEmulator;
  let local: LocalApp | undefined;

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });

  afterEach(async () => {
    await local?.close();
    local = undefined;
    await emulator?.close();
  });

  it("passes against an application that answers, and records healthy", async () => {
    local = await localApp({ status: 200, body: "ok" });
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: app,
        triggers: JSON.stringify(["v1"]),
        healthCheck: JSON.stringify({ url: local.url, timeoutSeconds: 10 }),
      },
    });
    try {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
      assert.match(up.output, /health check: GET http:\/\/127\.0\.0\.1:\d+\/healthz answered 200/);
      const out = await stack.outputs();
      assert.equal(out.status, "available");
      assert.equal(out.healthy, true);
      // The first deployment has nothing to roll back to; the emulator's list has no updated_at.
      assert.equal(out.previousDeploymentId, null);
      assert.equal(out.durationSeconds, null);
      assert.ok(local.hits() >= 1, "the check asked the application");
      assert.deepEqual(await mutatingRequests(emulator), ONE_POST);
    } finally {
      await stack.remove();
    }
  });

  it("fails clearly against an application that answers 503, quoting the redacted body", async () => {
    local = await localApp({
      status: 503,
      body: `database down (key ${SEED_PROJECT_KEY})\nretry later`,
    });
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: app,
        triggers: JSON.stringify(["v1"]),
        healthCheck: JSON.stringify({ url: local.url, timeoutSeconds: 3 }),
      },
    });
    try {
      const up = await stack.up();
      assert.notEqual(up.code, 0, "up fails when the application is unhealthy");
      assert.match(
        up.output,
        /Nodion deploy #1 of application .* is available, but its health check failed: GET http:\/\/127\.0\.0\.1:\d+\/healthz did not answer 200-399 within 3s \(\d+ attempts?\); last response: 503 "database down \(key \[REDACTED\]\) retry later"/,
      );
      assert.ok(!up.output.includes(SEED_PROJECT_KEY), "the key is never printed");
      assert.ok(local.hits() >= 2, "the check asked more than once");
      const [resource] = (await stack.resources()).filter((r) => r.type.endsWith(":Deployment"));
      assert.equal(resource?.outputs?.status, "available");
      assert.equal(resource?.outputs?.healthy, false);

      // The next up checks again without deploying; a healthy answer now passes.
      await local.close();
      local = await localApp({ status: 204, body: "" });
      await stack.setConfig(
        "healthCheck",
        JSON.stringify({ url: local.url, timeoutSeconds: 5, expectedStatus: "204" }),
      );
      await emulator.control.clearRequests();
      const again = await stack.up();
      assert.equal(again.code, 0, again.output);
      assert.match(again.output, /checking the health of deploy #1 again/);
      assert.equal((await stack.outputs()).healthy, true);
      assert.deepEqual(await mutatingRequests(emulator), [], "no deployment for a health check");
    } finally {
      await stack.remove();
    }
  });

  it("times out against an application that never answers", async () => {
    local = await localApp(null);
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: app,
        triggers: JSON.stringify(["v1"]),
        healthCheck: JSON.stringify({ url: local.url, timeoutSeconds: 2 }),
      },
    });
    try {
      const started = Date.now();
      const up = await stack.up();
      assert.notEqual(up.code, 0);
      assert.match(
        up.output,
        /its health check failed: GET http:\/\/127\.0\.0\.1:\d+\/healthz did not answer 200-399 within 2s \(1 attempt\); last attempt: no answer within 2s/,
      );
      assert.ok(Date.now() - started < 60_000, "the timeout bounds the wait");
      assert.deepEqual(await mutatingRequests(emulator), ONE_POST);
    } finally {
      await stack.remove();
    }
  });
});
