import assert from "node:assert/strict";
import { NodionClient, NodionError } from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, GIT_APP } from "./fixtures";
import { startLocalServer, type LocalServer } from "./local-server";

const PROXY_VARIABLES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"] as const;

describe("environment proxies", () => {
  let proxy: LocalServer;
  let api: FakeNodionServer;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    // The proxy answers like a forwarding proxy would, so a request that reaches it succeeds.
    proxy = await startLocalServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ applications: [] }));
    });
    api = await FakeNodionServer.start();
    api.seedApplication(GIT_APP);
    for (const name of [...PROXY_VARIABLES, "NO_PROXY", "no_proxy"]) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    for (const name of PROXY_VARIABLES) process.env[name] = proxy.url;
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await proxy.close();
    await api.close();
  });

  it("sends a plain-http request straight to the API, not to the proxy", async () => {
    const client = new NodionClient({ apiKey: API_KEY, baseUrl: api.baseUrl });
    const apps = await client.listApplications();
    assert.equal(apps.length, 1, "the answer came from the API");
    assert.equal(api.requests.length, 1);
    assert.equal(proxy.connections(), 0);
    assert.ok(!proxy.received().includes(API_KEY));
  });

  it("tunnels an https request through the proxy without showing it the key", async () => {
    // The proxy refuses the tunnel, so the request fails; what matters is what the proxy saw.
    proxy.onConnect = (socket) => socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    const baseUrl = api.baseUrl.replace("http://", "https://");
    const client = new NodionClient({
      apiKey: API_KEY,
      baseUrl,
      timeoutMs: 5000,
      retry: { maxAttempts: 1 },
      clock: new FakeClock(),
    });
    const outcome = await client.listApplications().then(
      () => "resolved",
      (error: unknown) => error,
    );
    // axios reports the proxy's refusal as that status; the kind does not matter here.
    assert.ok(NodionError.isInstance(outcome), "a refused tunnel fails the request");
    assert.ok(!JSON.stringify(outcome).includes(API_KEY));
    const seen = proxy.received();
    assert.match(
      seen,
      new RegExp(`^CONNECT 127\\.0\\.0\\.1:${new URL(api.baseUrl).port} HTTP/1\\.1\r\n`),
    );
    assert.ok(!seen.includes(API_KEY), "the key reached the proxy");
    assert.ok(!/authorization/i.test(seen), "an Authorization header reached the proxy");
    assert.equal(api.requests.length, 0);
  });
});
