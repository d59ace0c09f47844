import * as assert from "node:assert/strict";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { deploymentStack, mutatingRequests, startTestEmulator } from "../helpers/nodion";

const app = SEED_API_APP_ID;

/** The lines of `output` from the summary line on (the CLI indents them). */
function failureBlock(output: string, summary: RegExp): string[] {
  const lines = output.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => summary.test(l));
  assert.ok(start >= 0, `no summary line in:\n${output}`);
  return lines.slice(start);
}

describe("NodionDeployment failure logs (real CLI, emulator)", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });

  afterEach(async () => {
    await emulator?.close();
  });

  it("shows the failed build's log lines under the summary line, and only lines since the deployment", async () => {
    await emulator.control.setBehaviour(app, { failMode: "always" });
    // A line from long before the deployment: not part of its failure.
    await emulator.control.writeLogs(app, [
      { msg: "an old line from yesterday", ts: "2024-01-01T00:00:00.000+00:00" },
    ]);
    const stack = await deploymentStack(emulator, {
      config: { applicationId: app, triggers: JSON.stringify(["v1"]) },
    });
    try {
      const failed = await stack.up();
      assert.notEqual(failed.code, 0, "up fails when the build fails");
      const summary = new RegExp(`Nodion deploy #1 of application ${app} ended "failed" after`);
      const block = failureBlock(failed.output, summary);
      // The summary comes first, then the header and the emulator's lines for deploy #1.
      assert.match(block[1], /last \d+ log lines? of application/);
      const text = block.join("\n");
      for (const expected of [
        "deploy #1 started: building",
        'npm ERR! Missing script: "build"',
        "returned a non-zero code: 1",
        "deploy #1 failed",
      ]) {
        assert.ok(text.includes(expected), `${expected} missing from:\n${text}`);
      }
      assert.match(
        text,
        /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 \[[0-9a-f]{8}\] deploy #1 failed/,
      );
      assert.ok(!text.includes("an old line"), "lines from before the deployment are left out");
      assert.deepEqual(await mutatingRequests(emulator), [
        `POST /v1/applications/${app}/deployments`,
      ]);
    } finally {
      await stack.remove();
    }
  });

  it("redacts the key and bearer tokens in lines the deployment wrote, and never prints them", async () => {
    await emulator.control.setBehaviour(app, { failMode: "always", buildMs: 4000 });
    const stack = await deploymentStack(emulator, {
      config: { applicationId: app, triggers: JSON.stringify(["v1"]) },
    });
    try {
      const running = stack.up();
      // While deploy #1 builds, its instance prints the key (once it exists in the list).
      await waitForDeployment(emulator);
      await emulator.control.writeLogs(app, [
        { msg: `connecting with NODION_API_KEY=${SEED_PROJECT_KEY}` },
        { msg: "proxy said: Authorization: Bearer s3cr3t-token-value" },
      ]);
      const failed = await running;
      assert.notEqual(failed.code, 0);
      const text = failureBlock(failed.output, /ended "failed"/).join("\n");
      assert.ok(text.includes("connecting with NODION_API_KEY=[REDACTED]"), text);
      assert.ok(text.includes("Bearer [REDACTED]"), text);
      const everything = stack.transcript.map((r) => r.output).join("\n") + failed.output;
      assert.ok(!everything.includes(SEED_PROJECT_KEY), "the key never appears");
      assert.ok(!everything.includes("s3cr3t-token-value"), "no bearer token appears");
    } finally {
      await stack.remove();
    }
  });

  // The API answers only the logs request with an error: a user key without the logs scope
  // (403), a logs endpoint a gateway does not route (404, just after the list worked), or one
  // that keeps failing (503). The deployment's failure line comes first either way.
  const noLogs = [
    {
      why: "says in one line why there are no logs when the key may not read them (403)",
      failMode: "always",
      fault: { status: 403, body: { errors: ['API key lacks the "logs" scope'] } },
      line: /^\(no log lines: Nodion answered 403 to the logs request/,
    },
    {
      why: "says the application exists when the logs request answers 404 just after the list worked",
      failMode: "always",
      fault: { status: 404, body: { status: 404, error: "Not Found" } },
      line: /^\(no log lines: Nodion answered 404 to the logs request \(GET .*\/logs\) just after it listed the application's deployments, so the application exists/,
    },
    {
      why: "still fails with the summary line when the logs request keeps failing (503)",
      failMode: "expire",
      fault: { status: 503 },
      line: /^\(no log lines: .*list logs.*503/,
    },
  ] as const;
  for (const c of noLogs) {
    it(c.why, async () => {
      await emulator.control.setBehaviour(app, { failMode: c.failMode });
      await emulator.control.addFault({ method: "GET", path: "/logs", ...c.fault, times: 100 });
      const stack = await deploymentStack(emulator, {
        config: { applicationId: app, triggers: JSON.stringify(["v1"]) },
      });
      try {
        const failed = await stack.up();
        assert.notEqual(failed.code, 0);
        const ended = c.failMode === "always" ? "failed" : "expired";
        const block = failureBlock(failed.output, new RegExp(`ended "${ended}" after`));
        assert.match(block[1], c.line);
        assert.doesNotMatch(block.join("\n"), /Check the application ID/);
        assert.ok(!block.join("\n").includes("npm ERR!"), "no log lines are shown");
        assert.deepEqual(await mutatingRequests(emulator), [
          `POST /v1/applications/${app}/deployments`,
        ]);
      } finally {
        await stack.remove();
      }
    });
  }

  it("shows the logs of a wait that timed out, and none with failureLogLines 0", async () => {
    await emulator.control.setBehaviour(app, { buildMs: 600_000 });
    const stack = await deploymentStack(emulator, {
      config: {
        applicationId: app,
        triggers: JSON.stringify(["v1"]),
        timeoutSeconds: "2",
        failureLogLines: "1",
      },
    });
    try {
      const timedOut = await stack.up();
      assert.notEqual(timedOut.code, 0);
      const block = failureBlock(timedOut.output, /is still "(created|waiting)" after waiting/);
      assert.match(block[1], /^last 1 log line of application/);
      assert.match(block[2], /\] deploy #1 started: building/);

      await emulator.control.clearRequests();
      await stack.setConfig("failureLogLines", "0");
      const again = await stack.up();
      assert.notEqual(again.code, 0);
      const lines = failureBlock(again.output, /is still "(created|waiting)" after waiting/);
      assert.ok(!lines.join("\n").includes("log line"), lines.join("\n"));
      const requests = await emulator.control.requests();
      assert.equal(requests.filter((r) => r.path.endsWith("/logs")).length, 0, "no logs request");
      assert.deepEqual(
        await mutatingRequests(emulator),
        [],
        "changing failureLogLines never deploys",
      );
    } finally {
      await stack.remove();
    }
  });
});

/** Resolves once the emulator has a deployment (the POST of the `up` under way landed). */
async function waitForDeployment(emulator: RunningEmulator): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { state } = await emulator.control.state();
    if (state.deployments.length > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("no deployment appeared");
}
