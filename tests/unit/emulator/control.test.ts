import { strict as assert } from "node:assert";
import {
  defaultSeed,
  EmulatorControl,
  EmulatorControlError,
  SEED_API_APP_ID,
  SEED_PROJECT_ID,
  SEED_PROJECT_KEY,
  SEED_WEB_APP_ID,
  type ApplicationJson,
  type EmulatorSeed,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

async function controlError(promise: Promise<unknown>): Promise<EmulatorControlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(
    EmulatorControlError.isInstance(error),
    `expected an EmulatorControlError, got ${String(error)}`,
  );
  return error;
}

describe("emulator control plane", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  it("reports a URL ending in /v1 on the same origin as the control plane", () => {
    assert.equal(t.emulator.url, `${t.emulator.origin}/v1`);
    assert.equal(t.emulator.origin, `http://127.0.0.1:${t.emulator.port}`);
    assert.ok(t.emulator.port > 0);
  });

  it("resets state, faults, request log and clock offset to the seed", async () => {
    await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
    await t.emulator.control.pushCommit(SEED_API_APP_ID);
    await t.emulator.control.addFault({ status: 500 });
    await t.emulator.control.advanceClock(5_000);
    await t.emulator.control.reset();
    const dump = await t.emulator.control.state();
    assert.equal(dump.state.deployments.length, 0);
    const api = dump.state.apps.find((a) => a.id === SEED_API_APP_ID);
    assert.equal(api?.source.kind === "git" && api.source.commits.length, 1);
    assert.deepEqual(await t.emulator.control.faults(), []);
    assert.deepEqual(await t.emulator.control.requests(), []);
    assert.equal(dump.clock.offsetMs, 0);
  });

  const postSeed = (body: unknown) =>
    fetch(`${t.emulator.origin}/_emulator/seed`, { method: "POST", body: JSON.stringify(body) });

  it("replaces the state with a posted seed, filling defaults", async () => {
    const seed: EmulatorSeed = {
      projects: [{ id: "p1", name: "one" }],
      keys: [{ kind: "project", token: "k1", name: "ci", projectId: "p1" }],
      apps: [
        {
          id: "a1",
          projectId: "p1",
          name: "solo",
          status: "online",
          state: "default",
          instanceAmount: 2,
          instanceTypeId: "t",
          region: { id: "r", name: "Helsinki, FI", slug: "hel" },
          createdAt: "2024-02-01T00:00:00.000+00:00",
          source: {
            kind: "image",
            registry: "ghcr.io",
            imageName: "acme/app",
            imageTag: "v1",
            containerRegistryId: "cr",
          },
          behaviour: { failMode: "none" },
        },
      ],
    };
    await t.emulator.control.seed(seed);
    const res = await call<{ applications: ApplicationJson[] }>(
      t.emulator,
      "GET",
      "/applications",
      { key: "k1" },
    );
    assert.deepEqual(
      res.json.applications.map((a) => [a.name, a.instance_amount, a.container_registry_id]),
      [["solo", 2, "cr"]],
    );
    const deployed = await call<{ deployment: { image_reference: string } }>(
      t.emulator,
      "POST",
      deploymentsPath("a1"),
      {
        key: "k1",
      },
    );
    assert.equal(deployed.json.deployment.image_reference, "ghcr.io/acme/app:v1");
    assert.equal(
      (await call(t.emulator, "GET", "/applications", { key: SEED_PROJECT_KEY })).status,
      401,
    );
  });

  it("fills defaults for fields a hand-written seed leaves out", async () => {
    const minimal = {
      projects: [{ id: "p1" }],
      keys: [{ kind: "project", token: "k1", projectId: "p1" }],
      apps: [
        {
          id: "a1",
          projectId: "p1",
          name: "tiny",
          source: { kind: "image", imageName: "redis", imageTag: "7" },
        },
      ],
    };
    assert.equal((await postSeed(minimal)).status, 200);
    const res = await call<{ application: ApplicationJson }>(
      t.emulator,
      "GET",
      "/applications/a1",
      { key: "k1" },
    );
    const app = res.json.application;
    assert.deepEqual(
      [app.status, app.state, app.instance_amount, app.region.slug, app.created_at],
      ["online", "default", 1, "fra", "2025-03-01T12:00:00.000+00:00"],
    );
  });

  it("rejects an invalid seed with 400 listing each problem, keeping the old state", async () => {
    const bad = {
      ...defaultSeed(),
      apps: [{ id: "x", projectId: "nowhere", name: 1, source: { kind: "git" } }],
    };
    const res = await postSeed(bad);
    assert.equal(res.status, 400);
    const { errors } = (await res.json()) as { errors: string[] };
    assert.ok(errors.some((e) => e.includes("seed.apps[0].name")));
    assert.ok(errors.some((e) => e.includes("commits")));
    assert.equal((await call(t.emulator, "GET", "/applications")).status, 200);
  });

  it("pushes a commit with a random 40-hex sha, or the given one, and rejects a bad sha", async () => {
    const random = await t.emulator.control.pushCommit(SEED_API_APP_ID, { message: "m" });
    assert.match(random.sha, /^[0-9a-f]{40}$/);
    assert.equal(random.message, "m");
    assert.equal(random.timestamp, "2025-03-01T12:00:00.000+00:00");
    const given = await t.emulator.control.pushCommit(SEED_API_APP_ID, { sha: "f".repeat(40) });
    assert.equal(given.sha, "f".repeat(40));
    assert.equal(
      (await controlError(t.emulator.control.pushCommit(SEED_API_APP_ID, { sha: "xyz" }))).status,
      400,
    );
  });

  it("refuses a push to an image app (400) or an unknown app (404)", async () => {
    assert.equal((await controlError(t.emulator.control.pushCommit(SEED_WEB_APP_ID))).status, 400);
    assert.equal((await controlError(t.emulator.control.pushCommit("missing"))).status, 404);
  });

  it("validates behaviour: on_sha needs a sha in failOn", async () => {
    const error = await controlError(
      t.emulator.control.setBehaviour(SEED_API_APP_ID, { failMode: "on_sha" }),
    );
    assert.deepEqual(error.errors, ['behaviour.failOn is required when failMode is "on_sha"']);
    const set = await t.emulator.control.setBehaviour(SEED_API_APP_ID, {
      failMode: "always",
      buildMs: 10,
    });
    assert.deepEqual(set, { failMode: "always", buildMs: 10 });
  });

  it("dumps the state with each deployment's status and key tokens redacted", async () => {
    await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID));
    const dump = await t.emulator.control.state();
    assert.equal(dump.state.deployments[0].status, "created");
    assert.ok(dump.state.keys.every((k) => k.token === "[redacted]"));
    assert.equal(dump.state.projects[0].id, SEED_PROJECT_ID);
  });

  it("accepts the API base URL as well as the origin", async () => {
    const viaUrl = new EmulatorControl(`${t.emulator.url}/`);
    await viaUrl.health();
    assert.equal((await viaUrl.clock()).offsetMs, 0);
  });

  it("answers 404 for an unknown control route", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/nothing`);
    assert.equal(res.status, 404);
  });
});
