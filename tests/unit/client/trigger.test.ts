import assert from "node:assert/strict";
import {
  NodionClient,
  NotFoundError,
  PermissionError,
  ServerError,
  type NodionClientOptions,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { rejection } from "./rejection";
import { FakeNodionServer, type Step } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP, IMAGE_APP } from "./fixtures";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;
const imagePath = `/v1/applications/${IMAGE_APP.id}/deployments`;

describe("NodionClient.triggerDeployment", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  const client = (options: Partial<NodionClientOptions> = {}): NodionClient =>
    new NodionClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      clock,
      random: () => 0,
      ...options,
    });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    server.seedApplication(GIT_APP);
    server.seedApplication(IMAGE_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("reads the deployments once before posting", async () => {
    await client().triggerDeployment(GIT_APP.id);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      [`GET ${gitPath}`, `POST ${gitPath}`],
    );
  });

  it("skips that read when the caller passes the latest deploy number it just read", async () => {
    server.script("POST", gitPath, { act: true, status: 502 });
    const deployment = await client().triggerDeployment(GIT_APP.id, { latestDeployNumber: 2 });
    assert.equal(deployment.deployNumber, 3, "adopted the deployment above the given number");
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      [`POST ${gitPath}`, `GET ${gitPath}`],
    );
  });

  it("retries a POST rate-limited with 429 and creates one deployment", async () => {
    server.script("POST", gitPath, { status: 429, headers: { "Retry-After": "2" } });
    const deployment = await client().triggerDeployment(GIT_APP.id);
    assert.equal(deployment.deployNumber, 3);
    assert.equal(server.requestsTo("POST").length, 2);
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);
    assert.deepEqual(clock.sleeps, [2000]);
  });

  const createdThenFailed: [string, Step, Partial<NodionClientOptions>][] = [
    ["HTTP 500", { act: true, status: 500 }, {}],
    ["HTTP 502", { act: true, status: 502, raw: "<html>Bad Gateway</html>" }, {}],
    ["HTTP 504", { act: true, status: 504 }, {}],
    ["HTTP 408", { act: true, status: 408 }, {}],
    ["a timeout", { act: true, hang: true }, { timeoutMs: 200 }],
    ["a dropped connection", { act: true, drop: true }, {}],
    ["a malformed 200 body", { act: true, status: 200, raw: "<html>ok</html>" }, {}],
  ];
  for (const [failure, step, options] of createdThenFailed) {
    it(`adopts the deployment a POST created before ${failure} instead of posting again`, async () => {
      server.script("POST", gitPath, step);
      const deployment = await client(options).triggerDeployment(GIT_APP.id);
      const stored = server.deploymentsOf(GIT_APP.id);
      assert.equal(stored.length, 3, "exactly one deployment was created");
      assert.equal(server.requestsTo("POST").length, 1);
      assert.equal(deployment.id, stored[2]?.id);
      assert.equal(deployment.deployNumber, 3);
      assert.equal(server.requestsTo("GET", gitPath).length, 2, "snapshot and reconciliation");
    });
  }

  const failedWithoutActing: [string, Step, Partial<NodionClientOptions>][] = [
    ["HTTP 502", { status: 502 }, {}],
    ["a timeout", { hang: true }, { timeoutMs: 200 }],
    ["a dropped connection", { drop: true }, {}],
  ];
  for (const [failure, step, options] of failedWithoutActing) {
    it(`posts once more after ${failure} that created nothing`, async () => {
      server.script("POST", gitPath, step);
      const deployment = await client(options).triggerDeployment(GIT_APP.id);
      const stored = server.deploymentsOf(GIT_APP.id);
      assert.equal(stored.length, 3, "exactly one deployment was created");
      assert.equal(server.requestsTo("POST").length, 2);
      assert.equal(deployment.id, stored[2]?.id);
    });
  }

  it("retries a POST refused before it was sent", async () => {
    // The snapshot read closes the listener, so the POST finds nobody; the wait brings it back.
    server.script("GET", gitPath, { act: true, stopListening: true });
    clock.onSleep = () => server.listenAgain();
    const deployment = await client().triggerDeployment(GIT_APP.id);
    assert.equal(deployment.deployNumber, 3);
    assert.equal(server.requestsTo("POST").length, 1);
    assert.equal(server.requestsTo("GET").length, 1, "a refused POST needs no reconciliation");
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);
    assert.equal(clock.sleeps.length, 1);
  });

  it("adopts only a deployment of the requested image tag", async () => {
    // Another client deploys tag 1.28 while our ambiguous POST created nothing.
    server.script("POST", imagePath, { status: 500 });
    clock.onSleep = () => {
      if (server.deploymentsOf(IMAGE_APP.id).length === 0) {
        server.seedDeployments(IMAGE_APP.id, [
          {
            id: "someone-elses",
            status: "created",
            deploy_number: 1,
            image_reference: "docker.io/nginx:1.28",
            created_at: new Date(clock.now()).toISOString(),
          },
        ]);
      }
    };
    const deployment = await client().triggerDeployment(IMAGE_APP.id, { imageTag: "1.27" });
    assert.equal(deployment.imageReference, "docker.io/nginx:1.27");
    assert.equal(deployment.deployNumber, 2);
    assert.equal(server.requestsTo("POST").length, 2);
  });

  it("gives up after maxAttempts ambiguous POSTs that created nothing", async () => {
    server.script("POST", gitPath, { status: 502 }, { status: 502 }, { status: 502 });
    const error = await rejection(
      client({ retry: { maxAttempts: 2 } }).triggerDeployment(GIT_APP.id),
    );
    assert.ok(ServerError.isInstance(error));
    assert.equal(error.outcomeUnknown, true);
    assert.equal(server.requestsTo("POST").length, 2);
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 2);
  });

  it("reports the POST failure when the deployments cannot be read afterwards", async () => {
    server.script("POST", gitPath, { status: 500 });
    server.script("GET", gitPath, { act: true }, { status: 403 });
    const error = await rejection(client().triggerDeployment(GIT_APP.id));
    assert.ok(ServerError.isInstance(error));
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /may have been carried out/);
    assert.equal(server.requestsTo("POST").length, 1);
  });

  it("does not retry a POST rejected with 403", async () => {
    server.script("POST", gitPath, { status: 403, json: { errors: ['missing scope "write"'] } });
    const error = await rejection(client().triggerDeployment(GIT_APP.id));
    assert.ok(PermissionError.isInstance(error));
    assert.match(
      error.message,
      /403 Forbidden: missing scope "write" \(POST \/v1\/applications\/.+\/deployments\)/,
    );
    assert.equal(server.requestsTo("POST").length, 1);
  });

  it("does not post when the application cannot be read", async () => {
    const error = await rejection(
      client().triggerDeployment("00000000-0000-4000-8000-000000000000"),
    );
    assert.ok(NotFoundError.isInstance(error));
    assert.equal(error.operation, "trigger deployment");
    assert.equal(server.requestsTo("POST").length, 0);
  });
});
