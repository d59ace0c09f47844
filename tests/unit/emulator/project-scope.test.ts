import { strict as assert } from "node:assert";
import {
  defaultSeed,
  SEED_API_APP_ID,
  SEED_PROJECT_ID,
  SEED_PROJECT_KEY,
  SEED_SANDBOX_APP_ID,
  SEED_SANDBOX_KEY,
  SEED_SANDBOX_PROJECT_ID,
  SEED_WEB_APP_ID,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

/** A user key with read and write on every project, seeded by these tests only. */
const ALL_PROJECTS_KEY = "project-scope-all-projects-key";
const MISSING_APP_ID = "00000000-0000-4000-8000-00000000dead";

/** Every route that names an application, with a body that would be valid for it. */
const APP_ROUTES: readonly { readonly method: string; readonly path: (id: string) => string }[] = [
  { method: "GET", path: (id) => `/applications/${id}` },
  { method: "GET", path: (id) => `/applications/${id}/` },
  { method: "GET", path: (id) => deploymentsPath(id) },
  { method: "POST", path: (id) => deploymentsPath(id) },
];

/** Callers that must not see the app: key, optional X-Nodion-Project, app id. */
const OUT_OF_SCOPE: readonly {
  readonly name: string;
  readonly key: string;
  readonly project?: string;
  readonly appId: string;
}[] = [
  {
    name: "project key, app of another project",
    key: SEED_PROJECT_KEY,
    appId: SEED_SANDBOX_APP_ID,
  },
  {
    name: "project key naming the app's project in X-Nodion-Project",
    key: SEED_PROJECT_KEY,
    project: SEED_SANDBOX_PROJECT_ID,
    appId: SEED_SANDBOX_APP_ID,
  },
  {
    name: "user key whose default project is another one",
    key: SEED_SANDBOX_KEY,
    appId: SEED_API_APP_ID,
  },
  {
    name: "user key, X-Nodion-Project names another project",
    key: ALL_PROJECTS_KEY,
    project: SEED_PROJECT_ID,
    appId: SEED_SANDBOX_APP_ID,
  },
  {
    name: "user key, X-Nodion-Project names another project (reverse)",
    key: ALL_PROJECTS_KEY,
    project: SEED_SANDBOX_PROJECT_ID,
    appId: SEED_WEB_APP_ID,
  },
];

describe("emulator project scoping", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
    const seed = defaultSeed();
    await t.emulator.control.seed({
      ...seed,
      keys: [
        ...seed.keys,
        {
          kind: "user",
          token: ALL_PROJECTS_KEY,
          name: "all-projects",
          scopes: ["read", "write"],
          defaultProjectId: SEED_PROJECT_ID,
        },
      ],
    });
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  it("seeds an application in a second project", () => {
    const sandbox = defaultSeed().apps.find((app) => app.id === SEED_SANDBOX_APP_ID);
    assert.equal(sandbox?.projectId, SEED_SANDBOX_PROJECT_ID);
    assert.notEqual(SEED_SANDBOX_PROJECT_ID, SEED_PROJECT_ID);
  });

  for (const route of APP_ROUTES) {
    for (const caller of OUT_OF_SCOPE) {
      it(`${route.method} ${route.path(":id")} answers the missing-app 404 for: ${caller.name}`, async () => {
        const missing = await call(t.emulator, route.method, route.path(MISSING_APP_ID), {
          key: caller.key,
          project: caller.project,
        });
        const foreign = await call(t.emulator, route.method, route.path(caller.appId), {
          key: caller.key,
          project: caller.project,
        });
        assert.equal(missing.status, 404);
        assert.deepEqual(
          [foreign.status, foreign.text, foreign.headers.get("content-type")],
          [missing.status, missing.text, missing.headers.get("content-type")],
        );
      });
    }
  }

  it("answers 404 before reading the body, so a bad body does not reveal a foreign app", async () => {
    const res = await call(t.emulator, "POST", deploymentsPath(SEED_SANDBOX_APP_ID), {
      body: "{not json",
    });
    assert.deepEqual([res.status, res.json], [404, { status: 404, error: "Not Found" }]);
  });

  it("creates no deployment through an out-of-scope POST", async () => {
    for (const caller of OUT_OF_SCOPE) {
      await call(t.emulator, "POST", deploymentsPath(caller.appId), {
        key: caller.key,
        project: caller.project,
      });
    }
    assert.equal((await t.emulator.control.state()).state.deployments.length, 0);
  });

  it("serves the same app once the caller is in its project", async () => {
    const scoped = { key: ALL_PROJECTS_KEY, project: SEED_SANDBOX_PROJECT_ID };
    assert.equal(
      (await call(t.emulator, "GET", `/applications/${SEED_SANDBOX_APP_ID}`, scoped)).status,
      200,
    );
    assert.equal(
      (await call(t.emulator, "POST", deploymentsPath(SEED_SANDBOX_APP_ID), scoped)).status,
      200,
    );
    const list = await call<{ deployments: unknown[] }>(
      t.emulator,
      "GET",
      deploymentsPath(SEED_SANDBOX_APP_ID),
      scoped,
    );
    assert.equal(list.json.deployments.length, 1);
  });

  it("lists only the selected project's applications, for every kind of key", async () => {
    const names = async (key: string, project?: string): Promise<string[]> =>
      (
        await call<{ applications: { name: string }[] }>(t.emulator, "GET", "/applications", {
          key,
          project,
        })
      ).json.applications.map((a) => a.name);
    assert.deepEqual(await names(SEED_PROJECT_KEY, SEED_SANDBOX_PROJECT_ID), [
      "api",
      "worker",
      "web",
    ]);
    assert.deepEqual(await names(SEED_SANDBOX_KEY), ["sandbox-api"]);
    assert.deepEqual(await names(ALL_PROJECTS_KEY), ["api", "worker", "web"]);
    assert.deepEqual(await names(ALL_PROJECTS_KEY, SEED_SANDBOX_PROJECT_ID), ["sandbox-api"]);
  });
});
