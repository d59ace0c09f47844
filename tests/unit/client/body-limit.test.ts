import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  NodionClient,
  ResponseTooLargeError,
  TimeoutError,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { API_KEY, GIT_APP } from "./fixtures";
import { startLocalServer, type LocalServer } from "./local-server";
import { rejection } from "./rejection";

const CHUNK = Buffer.alloc(64 * 1024, "x");

describe("response body limits", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  const client = (url: string, extra: { maxResponseBytes?: number; timeoutMs?: number } = {}) =>
    new NodionClient({
      apiKey: API_KEY,
      baseUrl: `${url}/v1`,
      retry: { maxAttempts: 1 },
      clock: new FakeClock(),
      ...extra,
    });

  /** A server that streams `x`s without end (no Content-Length) and counts what it wrote. */
  async function endlessBody(): Promise<{ sent: () => number }> {
    let sent = 0;
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const pump = (): void => {
        while (!res.destroyed && sent < 1024 * 1024 * 1024) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) {
            res.once("drain", pump);
            return;
          }
        }
      };
      res.on("close", () => res.removeAllListeners("drain"));
      pump();
    });
    return { sent: () => sent };
  }

  it("stops reading an endless body at the default limit with a typed error", async () => {
    const { sent } = await endlessBody();
    const error = await rejection(client(server!.url).listApplications());
    assert.ok(ResponseTooLargeError.isInstance(error));
    assert.equal(error.limitBytes, DEFAULT_MAX_RESPONSE_BYTES);
    assert.match(error.message, /^Nodion API: list applications: /);
    assert.match(error.message, /exceeded the limit of 16 MiB \(16777216 bytes\)/);
    assert.equal(error.retryable, false);
    // Reading stopped near the limit; socket buffers let the server write somewhat more.
    assert.ok(sent() < DEFAULT_MAX_RESPONSE_BYTES * 3, `server wrote ${sent()} bytes`);
  });

  it("honours a configured limit and names the operation and application", async () => {
    await endlessBody();
    const error = await rejection(
      client(server!.url, { maxResponseBytes: 100_000 }).listDeployments(GIT_APP.id),
    );
    assert.ok(ResponseTooLargeError.isInstance(error));
    assert.equal(error.limitBytes, 100_000);
    assert.match(
      error.message,
      new RegExp(`list deployments for application ${GIT_APP.id}: .*100000 bytes`),
    );
    for (const text of [error.message, JSON.stringify(error), inspect(error, { showHidden: true })])
      assert.ok(!text.includes(API_KEY));
  });

  it("refuses a body whose Content-Length is over the limit before reading it", async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "5000000" });
      res.write("{");
    });
    const error = await rejection(
      client(server.url, { maxResponseBytes: 1000 }).listApplications(),
    );
    assert.ok(ResponseTooLargeError.isInstance(error));
  });

  it("flags a trigger whose answer was too large as possibly carried out", async () => {
    await endlessBody();
    const error = await rejection(
      client(server!.url, { maxResponseBytes: 10_000 }).triggerDeployment(GIT_APP.id, {
        latestDeployNumber: 1,
      }),
    );
    assert.ok(ResponseTooLargeError.isInstance(error));
    assert.equal(error.outcomeUnknown, true);
  });

  it("ends a body that trickles forever at the request timeout", async () => {
    const timers: NodeJS.Timeout[] = [];
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"applications":[');
      timers.push(setInterval(() => res.write(" "), 20));
    });
    try {
      const started = Date.now();
      const error = await rejection(client(server.url, { timeoutMs: 300 }).listApplications());
      assert.ok(TimeoutError.isInstance(error));
      assert.match(error.message, /no response within 300 ms/);
      assert.ok(Date.now() - started < 3000, "the request ended long after its timeout");
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it("rejects a limit that is not a positive integer", () => {
    assert.throws(() => new NodionClient({ apiKey: API_KEY, maxResponseBytes: 0 }), RangeError);
    assert.throws(() => new NodionClient({ apiKey: API_KEY, maxResponseBytes: 1.5 }), RangeError);
  });
});
