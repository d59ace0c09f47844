import assert from "node:assert/strict";
import { inspect } from "node:util";
import { NodionClient, NodionError, type NodionErrorKind } from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer, type Step } from "./fake-server";
import { API_KEY, GIT_APP } from "./fixtures";

const appPath = `/v1/applications/${GIT_APP.id}`;
// An API (or proxy) that echoes the credential back: the worst case for leaking it.
const echo = `invalid token ${API_KEY} (Authorization: Bearer ${API_KEY})`;

/** Every rendering of an error a user or a log could end up with. */
function renderings(error: unknown): string[] {
  return [
    String(error),
    (error as Error).stack ?? "",
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: null }),
    JSON.stringify(
      Object.getOwnPropertyNames(error).map((k) => String((error as Record<string, unknown>)[k])),
    ),
  ];
}

describe("API key secrecy", () => {
  let server: FakeNodionServer;

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    server.seedApplication(GIT_APP);
  });
  afterEach(() => server.close());

  const cases: [NodionErrorKind, Step][] = [
    ["authentication", { status: 401, json: { error: echo } }],
    ["permission", { status: 403, json: { errors: [echo] } }],
    ["not_found", { status: 404, json: { message: echo } }],
    ["validation", { status: 400, json: { errors: { token: [echo] } } }],
    ["rate_limit", { status: 429, json: { error: echo } }],
    ["server", { status: 500, raw: echo }],
    ["timeout", { hang: true }],
    ["malformed_response", { status: 200, raw: echo }],
  ];
  for (const [kind, step] of cases) {
    it(`keeps the key out of the ${kind} error`, async () => {
      server.script("GET", appPath, step);
      const client = new NodionClient({
        apiKey: API_KEY,
        baseUrl: server.baseUrl,
        timeoutMs: 150,
        retry: { maxAttempts: 1 },
        clock: new FakeClock(),
      });
      const error = await client.getApplication(GIT_APP.id).then(
        () => assert.fail("expected a failure"),
        (e: unknown) => e,
      );
      assert.ok(NodionError.isInstance(error));
      assert.equal(error.kind, kind);
      assert.equal((error as { cause?: unknown }).cause, undefined);
      for (const text of renderings(error))
        assert.ok(!text.includes(API_KEY), `key leaked into ${kind}`);
    });
  }

  it("keeps the key out of a network error", async () => {
    const { baseUrl } = server;
    await server.close();
    const client = new NodionClient({ apiKey: API_KEY, baseUrl, retry: { maxAttempts: 1 } });
    const error = await client.listApplications().then(
      () => assert.fail("expected a failure"),
      (e: unknown) => e,
    );
    assert.ok(NodionError.isInstance(error));
    assert.equal(error.kind, "network");
    for (const text of renderings(error))
      assert.ok(!text.includes(API_KEY), "key leaked into network");
    await server.listenAgain();
  });

  it("keeps the key out of the client's own inspectable state", () => {
    const client = new NodionClient({ apiKey: API_KEY });
    assert.ok(!inspect(client, { showHidden: true, depth: null }).includes(API_KEY));
    assert.ok(!JSON.stringify(client).includes(API_KEY));
  });

  it("keeps the key out of a response-too-large error", async () => {
    server.script("GET", appPath, { status: 200, raw: `${echo} ${"x".repeat(5000)}` });
    const client = new NodionClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      maxResponseBytes: 1000,
      retry: { maxAttempts: 1 },
    });
    const error = await client.getApplication(GIT_APP.id).then(
      () => assert.fail("expected a failure"),
      (e: unknown) => e,
    );
    assert.ok(NodionError.isInstance(error));
    assert.equal(error.kind, "response_too_large");
    assert.equal((error as { cause?: unknown }).cause, undefined);
    for (const text of renderings(error))
      assert.ok(!text.includes(API_KEY), "key leaked into response_too_large");
  });
});
