import assert from "node:assert/strict";
import {
  NetworkError,
  NodionClient,
  PermissionError,
  ServerError,
  type NodionClientOptions,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { rejection } from "./rejection";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";

const deploymentsPath = `/v1/applications/${GIT_APP.id}/deployments`;

describe("NodionClient read retries", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  const client = (options: Partial<NodionClientOptions> = {}): NodionClient =>
    new NodionClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      clock,
      random: () => 0.5,
      ...options,
    });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("retries a 503 twice, then succeeds on the third request", async () => {
    server.script("GET", deploymentsPath, { status: 503 }, { status: 503 });
    const deployments = await client().listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(server.requestsTo("GET", deploymentsPath).length, 3);
    // Equal jitter with random 0.5: 3/4 of 250 ms, then of 500 ms.
    assert.deepEqual(clock.sleeps, [188, 375]);
  });

  it("honours Retry-After in seconds", async () => {
    server.script("GET", deploymentsPath, { status: 503, headers: { "Retry-After": "3" } });
    await client().listDeployments(GIT_APP.id);
    assert.deepEqual(clock.sleeps, [3000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const at = new Date(clock.now() + 10_000).toUTCString();
    server.script("GET", deploymentsPath, { status: 429, headers: { "Retry-After": at } });
    await client().listDeployments(GIT_APP.id);
    assert.deepEqual(clock.sleeps, [10_000]);
  });

  it("gives up at once when Retry-After reaches past the deadline", async () => {
    server.script("GET", deploymentsPath, { status: 503, headers: { "Retry-After": "120" } });
    const error = await rejection(client().listDeployments(GIT_APP.id));
    assert.ok(ServerError.isInstance(error));
    assert.equal(error.retryAfterMs, 120_000);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it("stops retrying at the total deadline", async () => {
    server.script("GET", deploymentsPath, ...Array.from({ length: 10 }, () => ({ status: 502 })));
    const retry = { baseDelayMs: 400, deadlineMs: 1000, maxAttempts: 10 };
    const error = await rejection(client({ retry, random: () => 1 }).listDeployments(GIT_APP.id));
    assert.ok(ServerError.isInstance(error));
    // 400 ms fits in the 1 s budget; the next 800 ms would end past it.
    assert.deepEqual(clock.sleeps, [400]);
    assert.equal(server.requests.length, 2);
  });

  it("stops after maxAttempts", async () => {
    server.script("GET", deploymentsPath, ...Array.from({ length: 10 }, () => ({ status: 500 })));
    const error = await rejection(
      client({ retry: { maxAttempts: 3 } }).listDeployments(GIT_APP.id),
    );
    assert.equal(error.status, 500);
    assert.equal(server.requests.length, 3);
  });

  it("does not retry a 403", async () => {
    server.script("GET", deploymentsPath, {
      status: 403,
      json: { errors: ["Scope read required"] },
    });
    const error = await rejection(client().listDeployments(GIT_APP.id));
    assert.ok(PermissionError.isInstance(error));
    assert.equal(error.apiMessage, "Scope read required");
    assert.equal(server.requests.length, 1);
  });

  it("retries a read that timed out", async () => {
    server.script("GET", deploymentsPath, { hang: true });
    const deployments = await client({ timeoutMs: 200 }).listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(server.requests.length, 2);
  });

  it("retries a read whose connection dropped", async () => {
    server.script("GET", deploymentsPath, { drop: true });
    const deployments = await client().listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(server.requests.length, 2);
  });

  it("retries a refused connection until the server listens again", async () => {
    await server.close();
    clock.onSleep = () => server.listenAgain();
    const deployments = await client().listDeployments(GIT_APP.id);
    assert.equal(deployments.length, 2);
    assert.equal(clock.sleeps.length, 1);
    assert.equal(server.requests.length, 1);
  });

  it("reports a refused connection as a retryable NetworkError once attempts run out", async () => {
    await server.close();
    const error = await rejection(client({ retry: { maxAttempts: 2 } }).listApplications());
    assert.ok(NetworkError.isInstance(error));
    assert.equal(error.retryable, true);
    assert.match(error.message, /could not connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.equal(clock.sleeps.length, 1);
    await server.listenAgain(); // so afterEach can close it
  });
});
