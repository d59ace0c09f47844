import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  InvalidArgumentError,
  MalformedResponseError,
  NodionClient,
  PermissionError,
  WireFormatError,
  parseDomainList,
  parseLogList,
} from "../../../client";
import { logQueryString } from "../../../client/log-query";
import { FakeClock } from "./fake-clock";
import { rejection } from "./rejection";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const KEY = "logs-test-key-0123456789";

describe("parseLogList", () => {
  it("reads ts, msg and instance_id, ignoring unknown fields", () => {
    const lines = parseLogList({
      logs: [
        { ts: "2025-03-01T12:00:00.000+02:00", msg: "hello", instance_id: "i-1", level: "info" },
      ],
      next: "cursor",
    });
    assert.deepEqual(lines, [
      { timestamp: "2025-03-01T12:00:00.000+02:00", message: "hello", instanceId: "i-1" },
    ]);
  });

  it("reads a missing instance_id as null and a null or missing msg as an empty line", () => {
    const lines = parseLogList({ logs: [{ ts: "t1", msg: null }, { ts: "t2" }] });
    assert.deepEqual(lines, [
      { timestamp: "t1", message: "", instanceId: null },
      { timestamp: "t2", message: "", instanceId: null },
    ]);
  });

  it("names the field of a line without ts, and a body without the envelope", () => {
    assert.throws(
      () => parseLogList({ logs: [{ msg: "x" }] }),
      (e: unknown) => e instanceof WireFormatError && e.field === "logs[0].ts",
    );
    assert.throws(
      () => parseLogList({ lines: [] }),
      (e: unknown) => e instanceof WireFormatError && e.field === "logs",
    );
  });
});

describe("parseDomainList", () => {
  it("reads domains, tolerating unknown and missing optional fields", () => {
    const domains = parseDomainList({
      domains: [
        {
          id: "d1",
          domain_name: "app.example.com",
          domain_type: "main",
          status: "verified",
          verification_code: "abc",
        },
        { id: "d2", domain_name: "app.nodion.app" },
      ],
    });
    assert.deepEqual(domains, [
      { id: "d1", domainName: "app.example.com", domainType: "main", status: "verified" },
      { id: "d2", domainName: "app.nodion.app", domainType: null, status: null },
    ]);
  });

  it("rejects a domain without a name", () => {
    assert.throws(
      () => parseDomainList({ domains: [{ id: "d1", status: "verified" }] }),
      (e: unknown) => e instanceof WireFormatError && e.field === "domains[0].domain_name",
    );
  });
});

describe("logQueryString", () => {
  it("sends nothing by default, and each option under Nodion's name", () => {
    assert.equal(logQueryString({}), "");
    const query = new URLSearchParams(
      logQueryString({
        limit: 2500,
        before: "2025-03-01T12:00:00.000+02:00",
        after: new Date("2025-03-01T09:00:00.000Z"),
        instanceId: "i-1",
      }),
    );
    assert.equal(query.get("limit"), "2500");
    assert.equal(query.get("before"), "2025-03-01T12:00:00.000+02:00", "a string is sent verbatim");
    assert.equal(query.get("after"), "2025-03-01T09:00:00.000Z");
    assert.equal(query.get("instance_id"), "i-1");
  });

  it("refuses a limit outside 1-2500, a malformed cursor and an empty instance id", () => {
    for (const limit of [0, 2501, 1.5, Number.NaN]) {
      assert.throws(
        () => logQueryString({ limit }),
        (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === "limit",
      );
    }
    assert.throws(
      () => logQueryString({ before: "yesterday" }),
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === "before",
    );
    assert.throws(
      () => logQueryString({ after: new Date(Number.NaN) }),
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === "after",
    );
    assert.throws(
      () => logQueryString({ instanceId: " " }),
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === "instanceId",
    );
  });
});

describe("NodionClient.listLogs and listDomains", () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: string[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const client = () =>
    new NodionClient({ apiKey: KEY, baseUrl, clock: new FakeClock(), random: () => 0 });

  it("sends the cursors and filter as query parameters and parses the lines", async () => {
    answer = { status: 200, body: { logs: [{ ts: "t", msg: "m", instance_id: "i" }] } };
    const lines = await client().listLogs(APP, {
      after: "2025-03-01T12:00:00.000+00:00",
      limit: 10,
      instanceId: "i",
    });
    assert.deepEqual(lines, [{ timestamp: "t", message: "m", instanceId: "i" }]);
    const url = new URL(seen[0] ?? "", "http://x");
    assert.equal(url.pathname, `/v1/applications/${APP}/logs`);
    assert.equal(url.searchParams.get("after"), "2025-03-01T12:00:00.000+00:00");
    assert.equal(url.searchParams.get("limit"), "10");
    assert.equal(url.searchParams.get("instance_id"), "i");
  });

  it("sends no query string without options", async () => {
    answer = { status: 200, body: { logs: [] } };
    assert.deepEqual(await client().listLogs(APP), []);
    assert.equal(seen[0], `/v1/applications/${APP}/logs`);
  });

  it("refuses a bad option before any request", async () => {
    await assert.rejects(
      client().listLogs(APP, { limit: 9999 }),
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === "limit",
    );
    assert.equal(seen.length, 0);
  });

  it("turns a 403 into a PermissionError naming the operation, without the query or key", async () => {
    answer = { status: 403, body: { errors: ['API key lacks the "logs" scope'] } };
    const err = await rejection(client().listLogs(APP, { after: new Date(0) }));
    assert.ok(err instanceof PermissionError);
    assert.match(err.message, /list logs/);
    assert.ok(!err.message.includes("after="), err.message);
    assert.ok(!err.message.includes(KEY));
    assert.equal(seen.length, 1, "a 403 is not retried");
  });

  it("lists domains and reports a body of the wrong shape", async () => {
    answer = {
      status: 200,
      body: { domains: [{ id: "d", domain_name: "a.example.com", status: "verified" }] },
    };
    const domains = await client().listDomains(APP);
    assert.equal(domains[0]?.domainName, "a.example.com");
    assert.equal(seen[0], `/v1/applications/${APP}/domains`);
    answer = { status: 200, body: { domains: {} } };
    assert.ok((await rejection(client().listDomains(APP))) instanceof MalformedResponseError);
  });
});
