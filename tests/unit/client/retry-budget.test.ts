import assert from "node:assert/strict";
import { NodionClient, NodionError, RateLimitError } from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;
const rateLimited = { status: 429, headers: { "Retry-After": "1" } };

describe("NodionClient retry budget", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  const client = (): NodionClient =>
    new NodionClient({ apiKey: API_KEY, baseUrl: server.baseUrl, clock, random: () => 0.5 });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("keeps retrying 429s beyond maxAttempts, then reads", async () => {
    server.script("GET", gitPath, ...Array.from({ length: 8 }, () => rateLimited));
    const deployments = await client().listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(server.requestsTo("GET", gitPath).length, 9);
  });

  it("keeps retrying a rate-limited trigger beyond maxAttempts and creates one deployment", async () => {
    server.script("POST", gitPath, ...Array.from({ length: 7 }, () => rateLimited));
    const deployment = await client().triggerDeployment(GIT_APP.id);
    assert.equal(deployment.deployNumber, 3);
    assert.equal(server.requestsTo("POST").length, 8);
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);
  });

  it("gives up on 429s at the deadline", async () => {
    server.script("GET", gitPath, ...Array.from({ length: 100 }, () => rateLimited));
    const error = await client()
      .listDeployments(GIT_APP.id)
      .then(
        () => assert.fail("expected a failure"),
        (e: unknown) => e,
      );
    assert.ok(RateLimitError.isInstance(error));
    assert.ok(clock.slept < 60_000, `slept ${clock.slept} ms`);
    assert.ok(server.requestsTo("GET").length < 30);
  });

  it("retries a read whose JSON body was cut short", async () => {
    server.script("GET", gitPath, {
      status: 200,
      raw: '{"deployments":[{"id":"',
      headers: { "Content-Type": "application/json" },
    });
    const deployments = await client().listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(server.requestsTo("GET", gitPath).length, 2);
  });

  it("does not retry a read answered with JSON of the wrong shape", async () => {
    server.script("GET", gitPath, { status: 200, json: { items: [] } });
    const error = await client()
      .listDeployments(GIT_APP.id)
      .then(
        () => assert.fail("expected a failure"),
        (e: unknown) => e,
      );
    assert.ok(NodionError.isInstance(error));
    assert.equal(error.kind, "malformed_response");
    assert.equal(server.requestsTo("GET", gitPath).length, 1);
  });
});
