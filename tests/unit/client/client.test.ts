import assert from "node:assert/strict";
import {
  AuthenticationError,
  DEFAULT_USER_AGENT,
  InvalidArgumentError,
  MalformedResponseError,
  NodionClient,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
  type NodionClientOptions,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { rejection } from "./rejection";
import { FakeNodionServer } from "./fake-server";
import {
  API_KEY,
  DOCUMENTED_LIST,
  GIT_APP,
  IMAGE_APP,
  PREBUILT_IMAGE_DEPLOYMENT,
  without,
} from "./fixtures";

const appPath = `/v1/applications/${GIT_APP.id}`;
const deploymentsPath = `${appPath}/deployments`;

describe("NodionClient", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  const client = (options: Partial<NodionClientOptions> = {}): NodionClient =>
    new NodionClient({ apiKey: API_KEY, baseUrl: server.baseUrl, clock, ...options });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    server.seedApplication(GIT_APP);
    server.seedApplication(IMAGE_APP);
  });
  afterEach(() => server.close());

  describe("reads", () => {
    it("lists the documented deployments", async () => {
      server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
      const deployments = await client().listDeployments(GIT_APP.id);
      assert.deepEqual(
        deployments.map((d) => [d.deployNumber, d.id, d.status]),
        [
          [2, "92955d4f-2e44-4e48-8cb6-9c6c434afebb", "available"],
          [1, "5ff9b89f-c839-465d-88b9-32508a87a586", "available"],
        ],
      );
      assert.equal(server.requestsTo("GET", deploymentsPath).length, 1);
    });

    it("sorts deployments newest first whatever the server order", async () => {
      server.script("GET", deploymentsPath, {
        status: 200,
        json: { deployments: [...DOCUMENTED_LIST.deployments].reverse() },
      });
      const deployments = await client().listDeployments(GIT_APP.id);
      assert.deepEqual(
        deployments.map((d) => d.deployNumber),
        [2, 1],
      );
    });

    it("finds a deployment by ID through the list", async () => {
      server.seedDeployments(GIT_APP.id, [
        ...DOCUMENTED_LIST.deployments,
        PREBUILT_IMAGE_DEPLOYMENT,
      ]);
      const found = await client().findDeployment(GIT_APP.id, PREBUILT_IMAGE_DEPLOYMENT.id);
      assert.equal(found?.deployNumber, 7);
      assert.equal(found?.gitSha, null);
      assert.equal(found?.imageReference, "docker.io/nginx:1.25");
      const absent = "7e0b8a2c-1d3f-4e5a-9b6c-0d1e2f3a4b5c";
      assert.equal(await client().findDeployment(GIT_APP.id, absent), undefined);
    });

    it("gets one application", async () => {
      const app = await client().getApplication(GIT_APP.id);
      assert.equal(app.id, GIT_APP.id);
      assert.equal(app.name, "web");
      assert.deepEqual(app.region, {
        id: "7a1e9c3d-0000-4000-8000-000000000001",
        name: "Frankfurt, DE",
        slug: "fra",
      });
      assert.deepEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        [`GET ${appPath}`],
      );
    });

    it("lists applications", async () => {
      const apps = await client().listApplications();
      assert.deepEqual(
        apps.map((a) => [a.name, a.imageName]),
        [
          ["web", null],
          ["nginx", "docker.io/nginx"],
        ],
      );
      assert.deepEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        ["GET /v1/applications"],
      );
    });

    it("refuses a path-like application ID without sending anything", async () => {
      await assert.rejects(client().getApplication("a/../b?c"), InvalidArgumentError);
      assert.equal(server.requests.length, 0);
    });
  });

  describe("trigger", () => {
    it("triggers a Git deployment with no body and returns it", async () => {
      server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
      const deployment = await client().triggerDeployment(GIT_APP.id);
      assert.equal(deployment.status, "created");
      assert.equal(deployment.deployNumber, 3);
      assert.notEqual(deployment.updatedAt, null);
      const [post] = server.requestsTo("POST", deploymentsPath);
      assert.equal(post?.body, "");
      assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);
    });

    it("sends image_tag only when given", async () => {
      const path = `/v1/applications/${IMAGE_APP.id}/deployments`;
      const deployment = await client().triggerDeployment(IMAGE_APP.id, { imageTag: "1.27" });
      assert.deepEqual(JSON.parse(server.requestsTo("POST", path)[0]?.body ?? ""), {
        image_tag: "1.27",
      });
      assert.equal(deployment.imageReference, "docker.io/nginx:1.27");
      assert.equal(deployment.strategy, "prebuilt_image");
      assert.equal(deployment.gitSha, null);
    });

    it("turns a 400 with an errors array into a ValidationError carrying the text", async () => {
      server.script("POST", deploymentsPath, {
        status: 400,
        json: { errors: ["Branch has no commits"] },
      });
      const error = await rejection(client().triggerDeployment(GIT_APP.id));
      assert.ok(ValidationError.isInstance(error));
      assert.equal(error.apiMessage, "Branch has no commits");
      assert.match(
        error.message,
        /trigger deployment for application .*: 400 Bad Request: Branch has no commits/,
      );
      assert.equal(server.requestsTo("POST").length, 1);
    });
  });

  describe("headers", () => {
    it("sends the bearer key, JSON headers and the package user agent", async () => {
      await client().listApplications();
      const headers = server.requests[0]?.headers ?? {};
      // Compared as a boolean so a failure cannot print the key.
      assert.ok(headers.authorization === `Bearer ${API_KEY}`, "Authorization carries the key");
      assert.equal(headers.accept, "application/json");
      assert.equal(headers["content-type"], "application/json");
      assert.equal(headers["user-agent"], DEFAULT_USER_AGENT);
      assert.match(DEFAULT_USER_AGENT, /^pulumi-nodion\/\d+\.\d+\.\d+/);
    });

    it("sends a custom user agent", async () => {
      await client({ userAgent: "my-ci/1.0" }).listApplications();
      assert.equal(server.requests[0]?.headers["user-agent"], "my-ci/1.0");
    });

    it("sends X-Nodion-Project only when a project is set", async () => {
      await client().listApplications();
      await client({ projectId: "proj-123" }).listApplications();
      assert.equal(server.requests[0]?.headers["x-nodion-project"], undefined);
      assert.equal(server.requests[1]?.headers["x-nodion-project"], "proj-123");
    });

    it("accepts a base URL with a trailing slash", async () => {
      await client({ baseUrl: `${server.baseUrl}/` }).listApplications();
      assert.equal(server.requests[0]?.path, "/v1/applications");
    });
  });

  describe("malformed responses", () => {
    it("rejects a 200 with a missing required field and names the field", async () => {
      const broken = without(DOCUMENTED_LIST.deployments[0], "deploy_number");
      server.script("GET", deploymentsPath, { status: 200, json: { deployments: [broken] } });
      const error = await rejection(client().listDeployments(GIT_APP.id));
      assert.ok(MalformedResponseError.isInstance(error));
      assert.match(error.message, /deployments\[0\]\.deploy_number is missing/);
      assert.equal(server.requests.length, 1);
    });

    it("rejects a 200 with a non-JSON body", async () => {
      server.script("GET", deploymentsPath, { status: 200, raw: "OK" });
      const error = await rejection(client().listDeployments(GIT_APP.id));
      assert.ok(MalformedResponseError.isInstance(error));
      assert.match(error.message, /200 OK but received non-JSON text instead of JSON: "OK"/);
    });

    it("rejects a 200 HTML page without quoting it", async () => {
      const html = "<!DOCTYPE html><html><body>Captive portal login</body></html>";
      server.script("GET", "/v1/applications", {
        status: 200,
        raw: html,
        headers: { "Content-Type": "text/html" },
      });
      const error = await rejection(client().listApplications());
      assert.ok(MalformedResponseError.isInstance(error));
      assert.match(error.message, /received an HTML page instead of JSON \(a proxy error\?\)/);
      assert.ok(!error.message.includes("Captive"));
    });

    it("does not follow redirects", async () => {
      server.script("GET", "/v1/applications", {
        status: 301,
        headers: { Location: "https://elsewhere.test/" },
      });
      const error = await rejection(client().listApplications());
      assert.ok(MalformedResponseError.isInstance(error));
      assert.match(
        error.message,
        /301 Moved Permanently: unexpected response redirecting to https:\/\/elsewhere\.test\//,
      );
      assert.equal(server.requests.length, 1);
    });
  });

  describe("error statuses", () => {
    const cases = [
      { status: 401, json: { error: "Unauthorized" }, is: AuthenticationError.isInstance },
      { status: 403, json: { errors: ["Scope read required"] }, is: PermissionError.isInstance },
      { status: 404, json: { status: 404, error: "Not Found" }, is: NotFoundError.isInstance },
      { status: 422, json: { errors: ["Name is taken"] }, is: ValidationError.isInstance },
      { status: 429, json: {}, is: RateLimitError.isInstance },
      { status: 500, json: {}, is: ServerError.isInstance },
    ];
    for (const { status, json, is } of cases) {
      it(`throws the matching error class for HTTP ${status}`, async () => {
        server.script("GET", appPath, { status, json });
        const error = await rejection(
          client({ retry: { maxAttempts: 1 } }).getApplication(GIT_APP.id),
        );
        assert.ok(is(error), error.name);
        assert.equal(error.status, status);
        assert.equal(error.operation, "get application");
        assert.equal(error.path, appPath);
      });
    }

    it("reports an unknown application as NotFoundError without retrying", async () => {
      const error = await rejection(
        client().getApplication("00000000-0000-4000-8000-000000000000"),
      );
      assert.ok(NotFoundError.isInstance(error));
      assert.equal(server.requests.length, 1);
      assert.equal(clock.sleeps.length, 0);
    });
  });

  describe("options", () => {
    it("rejects an empty or header-breaking API key without echoing it", () => {
      assert.throws(() => new NodionClient({ apiKey: "" }), TypeError);
      assert.throws(
        () => new NodionClient({ apiKey: `${API_KEY}\r\nX-Evil: 1` }),
        (error: Error) => error instanceof TypeError && !error.message.includes(API_KEY),
      );
    });

    it("rejects a base URL that is not http(s)", () => {
      assert.throws(() => new NodionClient({ apiKey: API_KEY, baseUrl: "ftp://x" }), TypeError);
      assert.throws(
        () => new NodionClient({ apiKey: API_KEY, baseUrl: "api.nodion.com" }),
        TypeError,
      );
    });
  });
});
