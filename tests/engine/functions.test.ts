import * as assert from "node:assert/strict";
import * as path from "node:path";
import { NodionClient, type Deployment } from "../../client";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_API_HEAD_SHA,
  SEED_PROJECT_KEY,
} from "../../emulator";
import { mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { TestStack } from "../helpers/pulumi-stack";

const program = path.join(__dirname, "..", "programs", "functions");

/** A listed deployment as the functions name its fields. */
function summary(d: Deployment): Record<string, unknown> {
  return {
    deploymentId: d.id,
    deployNumber: d.deployNumber,
    status: d.status,
    gitSha: d.gitSha,
    commitMessage: d.commitMessage,
    committerName: d.committerName,
    committerEmail: d.committerEmail,
    committerUsername: d.committerUsername,
    commitTimestamp: d.commitTimestamp,
    strategy: d.strategy,
    imageReference: d.imageReference,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** The stack output `value` with the null fields a stack output drops put back as null. */
function withNulls(value: unknown): Record<string, unknown> {
  const keys = Object.keys(summary({} as Deployment));
  const v = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, v[k] ?? null]));
}

describe("getDeployments / getApplication from the npm package (real CLI, emulator)", () => {
  let emulator: RunningEmulator;
  let stack: TestStack;
  let client: NodionClient;

  before(async () => {
    emulator = await startTestEmulator({ buildMs: 1 });
    client = new NodionClient({ apiKey: SEED_PROJECT_KEY, baseUrl: emulator.url });
    // #1 fails, #2 becomes available: made outside any stack, as from a dashboard.
    await emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "always" });
    await client.triggerDeployment(SEED_API_APP_ID);
    await emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "none" });
    await client.triggerDeployment(SEED_API_APP_ID);
    stack = await TestStack.create({
      program,
      config: { applicationId: SEED_API_APP_ID, "nodion:baseUrl": emulator.url },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: { NODION_API_KEY: "" },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });

  it("reads in a preview with GETs only", async () => {
    await emulator.control.clearRequests();
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
    const log = await emulator.control.requests();
    assert.ok(log.length >= 2, `the functions made requests (${log.length})`);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("returns the list newest first, field by field, and the application", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const list = await client.listDeployments(SEED_API_APP_ID);
    assert.equal(list.length, 2);
    const out = await stack.outputs();
    const newestFirst = [...list].sort((a, b) => b.deployNumber - a.deployNumber).map(summary);
    assert.deepEqual((out.deployments as unknown[]).map(withNulls), newestFirst);
    assert.deepEqual(withNulls(out.latest), newestFirst[0]);
    assert.equal((out.latest as Record<string, unknown>).status, "available");
    assert.deepEqual(withNulls(out.latestAvailable), newestFirst[0]);
    assert.equal((out.deployments as { status: string }[])[1]?.status, "failed");
    const application = Object.entries(out.application as Record<string, unknown>);
    assert.deepEqual(Object.fromEntries(application.filter(([, v]) => v !== null)), {
      applicationId: SEED_API_APP_ID,
      name: "api",
      status: "online",
      strategy: "dockerfile",
      regionSlug: "fra",
    });
  });

  it("filters by status and sha, and limits the list", async () => {
    await stack.setConfig("status", "failed");
    let up = await stack.up();
    assert.equal(up.code, 0, up.output);
    let out = await stack.outputs();
    assert.deepEqual(
      (out.deployments as { deployNumber: number }[]).map((d) => d.deployNumber),
      [1],
    );
    assert.equal(out.latestAvailable ?? null, null, "no available deployment among the failed");
    await stack.cli(["config", "rm", "status", ...stack.stackArgs()]);
    await stack.setConfig("gitSha", SEED_API_HEAD_SHA.toUpperCase());
    await stack.setConfig("limit", "1");
    up = await stack.up();
    assert.equal(up.code, 0, up.output);
    out = await stack.outputs();
    assert.deepEqual(
      (out.deployments as { deployNumber: number }[]).map((d) => d.deployNumber),
      [2],
    );
    await stack.setConfig("gitSha", "f".repeat(40));
    up = await stack.up();
    assert.equal(up.code, 0, up.output);
    out = await stack.outputs();
    assert.deepEqual(out.deployments, []);
    assert.equal(out.latest ?? null, null);
  });

  it("refuses a malformed applicationId in one line, before any request", async () => {
    await stack.setConfig("applicationId", "not-a-uuid");
    await emulator.control.clearRequests();
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0, preview.output);
    assert.match(
      preview.output,
      /nodion: getApplication: applicationId must be a UUID, got "not-a-uuid"|nodion: getDeployments: applicationId must be a UUID, got "not-a-uuid"/,
    );
    assert.doesNotMatch(preview.output, /^\s+at /m, "no stack trace");
    assert.equal((await emulator.control.requests()).length, 0);
  });

  it("fails in one line on a key the API refuses (401), naming no key", async () => {
    await stack.setConfig("applicationId", SEED_API_APP_ID);
    await stack.setConfig("nodion:apiKey", "nodion-wrong-key", { secret: true });
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0, preview.output);
    assert.match(preview.output, /nodion: .*401/);
    assert.doesNotMatch(preview.output, /^\s+at /m, "no stack trace");
    assert.ok(!preview.output.includes("nodion-wrong-key"), "the key was printed");
  });

  it("never writes the API key to any output or state file", () => {
    assert.ok(!stack.allOutput().includes(SEED_PROJECT_KEY), "the key was printed");
    const files = stack.rawBackendFiles();
    assert.ok(files.length > 0, "state files were scanned");
    assert.equal(files.filter((text) => text.includes(SEED_PROJECT_KEY)).length, 0);
  });
});
