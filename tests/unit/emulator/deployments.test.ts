import { strict as assert } from "node:assert";
import {
  SEED_API_APP_ID,
  SEED_API_HEAD_SHA,
  SEED_PROJECT_ID,
  SEED_WEB_APP_ID,
  SEED_WORKER_APP_ID,
  type ApplicationJson,
  type DeploymentJson,
  type DeploymentListItemJson,
} from "../../../emulator";
import { call, deploymentsPath, startTestEmulator, type TestEmulator } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

type Created = { deployment: DeploymentJson };
type Listed = { deployments: DeploymentListItemJson[] };

describe("emulator deployments API", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const trigger = (appId: string, body?: unknown) =>
    call<Created>(t.emulator, "POST", deploymentsPath(appId), { body });
  const list = (appId: string) => call<Listed>(t.emulator, "GET", deploymentsPath(appId));

  describe("applications", () => {
    it("lists the project's apps in the applications envelope", async () => {
      const res = await call<{ applications: ApplicationJson[] }>(
        t.emulator,
        "GET",
        "/applications",
      );
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.applications.map((a) => a.name),
        ["api", "worker", "web"],
      );
    });

    it("returns one app with the documented fields in the application envelope", async () => {
      const git = await call<{ application: ApplicationJson }>(
        t.emulator,
        "GET",
        `/applications/${SEED_API_APP_ID}`,
      );
      assert.deepEqual(Object.keys(git.json.application), [
        "id",
        "status",
        "state",
        "name",
        "instance_amount",
        "instance_type_id",
        "deployment_strategy",
        "container_registry_id",
        "image_name",
        "image_tag",
        "region",
        "workers",
        "created_at",
      ]);
      assert.equal(git.json.application.status, "online");
      assert.equal(git.json.application.state, "default");
      assert.equal(git.json.application.deployment_strategy, "dockerfile");
      assert.equal(git.json.application.image_tag, null);
      assert.equal(git.json.application.region.slug, "fra");
      const image = await call<{ application: ApplicationJson }>(
        t.emulator,
        "GET",
        `/applications/${SEED_WEB_APP_ID}`,
      );
      assert.equal(image.json.application.deployment_strategy, "prebuilt_image");
      assert.equal(image.json.application.image_name, "nginx");
      assert.equal(image.json.application.image_tag, "1.25");
    });

    it("tolerates a trailing slash on the path", async () => {
      const res = await call(t.emulator, "GET", "/applications/");
      assert.equal(res.status, 200);
    });
  });

  describe("POST /applications/:id/deployments", () => {
    it("returns 200 with status created, a UUID, offset timestamps and updated_at", async () => {
      const res = await trigger(SEED_API_APP_ID);
      assert.equal(res.status, 200);
      const d = res.json.deployment;
      assert.equal(d.status, "created");
      assert.equal(d.deploy_number, 1);
      assert.match(d.id, UUID);
      assert.match(d.created_at, TIMESTAMP);
      assert.equal(d.updated_at, d.created_at);
      assert.equal(d.created_at, "2025-03-01T12:00:00.000+00:00");
    });

    it("numbers deployments per app, starting at 1", async () => {
      const numbers = [];
      for (const app of [
        SEED_API_APP_ID,
        SEED_API_APP_ID,
        SEED_WORKER_APP_ID,
        SEED_API_APP_ID,
        SEED_WORKER_APP_ID,
      ]) {
        numbers.push((await trigger(app)).json.deployment.deploy_number);
      }
      assert.deepEqual(numbers, [1, 2, 1, 3, 2]);
    });

    it("deploys the branch head of a git app, and the pushed head after a push", async () => {
      const first = (await trigger(SEED_API_APP_ID)).json.deployment;
      assert.equal(first.git_sha, SEED_API_HEAD_SHA);
      assert.equal(first.strategy, "dockerfile");
      assert.equal(first.image_reference, null);
      const pushed = await t.emulator.control.pushCommit(SEED_API_APP_ID, {
        message: "Add health check",
      });
      assert.match(pushed.sha, /^[0-9a-f]{40}$/);
      const second = (await trigger(SEED_API_APP_ID)).json.deployment;
      assert.equal(second.git_sha, pushed.sha);
      assert.equal(second.commit_message, "Add health check");
      assert.equal(second.committer_name, pushed.committerName);
      assert.equal(second.committer_email, pushed.committerEmail);
      assert.equal(second.committer_username, pushed.committerUsername);
      assert.equal(second.commit_timestamp, pushed.timestamp);
    });

    it("deploys a given sha pushed through the control plane", async () => {
      const sha = "0123456789abcdef0123456789abcdef01234567";
      await t.emulator.control.pushCommit(SEED_API_APP_ID, { sha });
      assert.equal((await trigger(SEED_API_APP_ID)).json.deployment.git_sha, sha);
    });

    it("deploys a pre-built image with the app's default tag and synthesized commit fields", async () => {
      const d = (await trigger(SEED_WEB_APP_ID)).json.deployment;
      assert.equal(d.git_sha, null);
      assert.equal(d.strategy, "prebuilt_image");
      assert.equal(d.image_reference, "docker.io/library/nginx:1.25");
      assert.equal(d.commit_message, "Image: nginx:1.25");
      assert.equal(d.committer_name, "Container Registry");
      assert.equal(d.committer_username, "Container Registry");
      assert.equal(d.committer_email, "deploy@nodion.com");
      assert.equal(d.commit_timestamp, d.created_at);
    });

    it("deploys the image_tag from the body instead of the default", async () => {
      const d = (await trigger(SEED_WEB_APP_ID, { image_tag: "1.27.0-alpine" })).json.deployment;
      assert.equal(d.image_reference, "docker.io/library/nginx:1.27.0-alpine");
      assert.equal(d.commit_message, "Image: nginx:1.27.0-alpine");
    });

    it("rejects image_tag on a git app with 400 and an errors list, creating nothing", async () => {
      const res = await trigger(SEED_API_APP_ID, { image_tag: "v2" });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        errors: ["Image tag can only be set for pre-built image applications"],
      });
      assert.equal((await list(SEED_API_APP_ID)).json.deployments.length, 0);
    });

    it("rejects an invalid image tag with 400", async () => {
      for (const tag of ["-leading-dash", "has space", "", "x".repeat(129)]) {
        const res = await trigger(SEED_WEB_APP_ID, { image_tag: tag });
        assert.equal(res.status, 400, tag);
        assert.ok(Array.isArray((res.json as { errors?: unknown }).errors));
      }
      const wrongType = await trigger(SEED_WEB_APP_ID, { image_tag: 2 });
      assert.equal(wrongType.status, 400);
    });

    it("rejects a body that is not JSON, or not an object, with 400", async () => {
      assert.equal((await trigger(SEED_WEB_APP_ID, "{not json")).status, 400);
      assert.deepEqual((await trigger(SEED_WEB_APP_ID, "{not json")).json, {
        errors: ["Request body is not valid JSON"],
      });
      assert.equal((await trigger(SEED_WEB_APP_ID, "[1]")).status, 400);
    });

    it("accepts an empty JSON object or a null image_tag on a git app", async () => {
      assert.equal((await trigger(SEED_API_APP_ID, {})).status, 200);
      assert.equal((await trigger(SEED_API_APP_ID, { image_tag: null })).status, 200);
    });
  });

  describe("GET /applications/:id/deployments", () => {
    it("lists newest first, without updated_at but with strategy and image_reference", async () => {
      await trigger(SEED_API_APP_ID);
      await trigger(SEED_API_APP_ID);
      await trigger(SEED_API_APP_ID);
      const res = await list(SEED_API_APP_ID);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.deployments.map((d) => d.deploy_number),
        [3, 2, 1],
      );
      for (const d of res.json.deployments) {
        assert.ok(!("updated_at" in d));
        assert.ok("strategy" in d && "image_reference" in d);
      }
    });

    it("returns an empty list for an app never deployed", async () => {
      assert.deepEqual((await list(SEED_WORKER_APP_ID)).json, { deployments: [] });
    });

    it("answers 404 in Nodion's shape for an unknown app", async () => {
      const res = await list("00000000-0000-4000-8000-000000000000");
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { status: 404, error: "Not Found" });
      const post = await trigger("00000000-0000-4000-8000-000000000000");
      assert.equal(post.status, 404);
    });
  });

  it("keeps the seeded project id stable", () => {
    assert.match(SEED_PROJECT_ID, UUID);
  });
});
