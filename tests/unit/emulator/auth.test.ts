import { strict as assert } from "node:assert";
import {
  defaultSeed,
  SEED_API_APP_ID,
  SEED_PROJECT_ID,
  SEED_PROJECT_KEY,
  SEED_READ_KEY,
  SEED_SANDBOX_APP_ID,
  SEED_SANDBOX_KEY,
  SEED_SANDBOX_PROJECT_ID,
  type ApplicationJson,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

type Apps = { applications: ApplicationJson[] };
const UNAUTHORIZED = { status: 401, error: "Unauthorized" };

describe("emulator auth", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const appNames = async (key: string, project?: string): Promise<string[]> => {
    const res = await call<Apps>(t.emulator, "GET", "/applications", { key, project });
    assert.equal(res.status, 200);
    return res.json.applications.map((a) => a.name);
  };

  it("answers 401 without an Authorization header", async () => {
    const res = await call(t.emulator, "GET", "/applications", { key: null });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, UNAUTHORIZED);
  });

  it("answers 401 for an unknown key and for a non-Bearer scheme", async () => {
    assert.deepEqual(
      (await call(t.emulator, "GET", "/applications", { key: "nope" })).json,
      UNAUTHORIZED,
    );
    const basic = await fetch(`${t.emulator.url}/applications`, {
      headers: { authorization: `Basic ${SEED_PROJECT_KEY}` },
    });
    assert.equal(basic.status, 401);
  });

  it("authenticates before routing, so unknown routes also need a key", async () => {
    assert.equal((await call(t.emulator, "GET", "/nowhere", { key: null })).status, 401);
    const known = await call(t.emulator, "GET", "/nowhere");
    assert.equal(known.status, 404);
    assert.deepEqual(known.json, { status: 404, error: "Not Found" });
  });

  it("answers 404 for paths outside /v1 and /_emulator", async () => {
    const res = await fetch(`${t.emulator.origin}/v2/applications`);
    assert.equal(res.status, 404);
  });

  it("lets a read-only user key GET but answers 403 naming the missing write scope on POST", async () => {
    assert.deepEqual(await appNames(SEED_READ_KEY), ["api", "worker", "web"]);
    const res = await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID), {
      key: SEED_READ_KEY,
    });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json, { errors: ['API key lacks the "write" scope'] });
    assert.equal((await t.emulator.control.state()).state.deployments.length, 0);
  });

  it("honours X-Nodion-Project for a user key", async () => {
    assert.deepEqual(await appNames(SEED_READ_KEY, SEED_SANDBOX_PROJECT_ID), ["sandbox-api"]);
  });

  it("ignores X-Nodion-Project for a project key", async () => {
    assert.deepEqual(await appNames(SEED_PROJECT_KEY, SEED_SANDBOX_PROJECT_ID), [
      "api",
      "worker",
      "web",
    ]);
    const other = await call(t.emulator, "GET", `/applications/${SEED_SANDBOX_APP_ID}`, {
      project: SEED_SANDBOX_PROJECT_ID,
    });
    assert.equal(other.status, 404);
  });

  it("answers 403 when a user key selects a project outside its allow-list", async () => {
    const res = await call(t.emulator, "GET", "/applications", {
      key: SEED_SANDBOX_KEY,
      project: SEED_PROJECT_ID,
    });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json, {
      errors: [`API key is not allowed to access project ${SEED_PROJECT_ID}`],
    });
  });

  it("answers 403 for an unknown project", async () => {
    const res = await call(t.emulator, "GET", "/applications", {
      key: SEED_READ_KEY,
      project: "00000000-0000-4000-8000-000000000000",
    });
    assert.equal(res.status, 403);
  });

  it("uses the key's default project without the header, and hides other projects' apps as 404", async () => {
    assert.deepEqual(await appNames(SEED_SANDBOX_KEY), ["sandbox-api"]);
    const res = await call(t.emulator, "GET", `/applications/${SEED_API_APP_ID}`, {
      key: SEED_SANDBOX_KEY,
    });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { status: 404, error: "Not Found" });
    const post = await call(t.emulator, "POST", deploymentsPath(SEED_API_APP_ID), {
      key: SEED_SANDBOX_KEY,
    });
    assert.equal(post.status, 404);
    const own = await call(t.emulator, "POST", deploymentsPath(SEED_SANDBOX_APP_ID), {
      key: SEED_SANDBOX_KEY,
    });
    assert.equal(own.status, 200);
  });

  it("answers 401 for an expired user key", async () => {
    const seed = defaultSeed();
    await t.emulator.control.seed({
      ...seed,
      keys: [
        ...seed.keys,
        {
          kind: "user",
          token: "expiring",
          name: "expiring",
          scopes: ["read"],
          defaultProjectId: SEED_PROJECT_ID,
          expiresAt: "2025-03-01T12:00:01.000+00:00",
        },
      ],
    });
    assert.equal((await call(t.emulator, "GET", "/applications", { key: "expiring" })).status, 200);
    t.clock.advance(1_000);
    assert.equal((await call(t.emulator, "GET", "/applications", { key: "expiring" })).status, 401);
  });
});
