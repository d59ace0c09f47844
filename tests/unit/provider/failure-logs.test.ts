import * as assert from "node:assert/strict";
import {
  createRedactor,
  errorFromResponse,
  MAX_LOG_LIMIT,
  type LogLine,
  type NodionClient,
  type ListLogsOptions,
} from "../../../client";
import { MAX_LOG_LINE_CHARS } from "../../../provider/args";
import {
  failureLogDetails,
  formatLogLine,
  lastLogLines,
  MAX_LOG_PAGES,
  noLogsLine,
  readLogsSince,
} from "../../../provider/failure-logs";

const KEY = "nodion-secret-key-1234567890";
const redact = createRedactor([KEY]);
const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";

const line = (message: string, i = 0): LogLine => ({
  timestamp: `2025-03-01T12:00:${String(i % 60).padStart(2, "0")}.000+00:00`,
  message,
  instanceId: "0561de44-aaaa-4bbb-8ccc-dddddddddddd",
});

/** A client whose listLogs serves `pages` in turn (or throws `error`), recording each call. */
function fakeClient(pages: LogLine[][], error?: unknown) {
  const calls: ListLogsOptions[] = [];
  const client = {
    async listLogs(appId: string, options: ListLogsOptions = {}) {
      assert.equal(appId, APP);
      calls.push(options);
      if (error !== undefined) throw error;
      return pages.shift() ?? [];
    },
  } as unknown as NodionClient;
  return { client, calls };
}

describe("formatLogLine", () => {
  it("marks the line with its time and instance", () => {
    assert.equal(
      formatLogLine(line("npm ERR! boom"), redact),
      "2025-03-01T12:00:00.000+00:00 [0561de44] npm ERR! boom",
    );
    assert.equal(
      formatLogLine({ ...line("x"), instanceId: null }, redact),
      "2025-03-01T12:00:00.000+00:00 [-] x",
    );
  });

  it("removes the key, in any encoding, and any bearer token", () => {
    const shown = formatLogLine(
      line(`key=${KEY} url=${encodeURIComponent(KEY)} Authorization: Bearer abc.def.ghi`),
      redact,
    );
    assert.ok(!shown.includes(KEY), shown);
    assert.ok(!shown.includes("abc.def.ghi"), shown);
    assert.match(shown, /key=\[REDACTED\] url=\[REDACTED\] Authorization: Bearer \[REDACTED\]/);
  });

  it("cuts a line just over the bound", () => {
    const shown = formatLogLine(line("x".repeat(MAX_LOG_LINE_CHARS + 50)), redact);
    assert.equal(shown.slice(shown.indexOf("] ") + 2), `${"x".repeat(MAX_LOG_LINE_CHARS)}…`);
  });

  it("cuts a long line and never leaves part of the key at the cut", () => {
    const long = `${"x".repeat(MAX_LOG_LINE_CHARS - 5)}${KEY}${"y".repeat(1000)}`;
    const shown = formatLogLine(line(long), redact);
    const text = shown.slice(shown.indexOf("] ") + 2);
    assert.ok(text.length <= MAX_LOG_LINE_CHARS + 1, `${text.length}`);
    assert.ok(text.endsWith("…"));
    assert.ok(!shown.includes(KEY.slice(0, 5)), shown);
  });

  it("strips colour codes and control characters, so a line cannot forge another", () => {
    const shown = formatLogLine(line("\u001b[31mred\u001b[0m\rerror: fake\nline\u0007"), redact);
    assert.equal(shown, "2025-03-01T12:00:00.000+00:00 [0561de44] red error: fake line");
  });
});

describe("lastLogLines", () => {
  it("keeps the last lines, oldest first, and none for a count of 0", () => {
    const lines = [line("a", 1), line("b", 2), line("c", 3)];
    assert.deepEqual(
      lastLogLines(lines, 2, redact).map((l) => l.slice(-1)),
      ["b", "c"],
    );
    assert.deepEqual(lastLogLines(lines, 0, redact), []);
  });
});

describe("noLogsLine", () => {
  const request = {
    operation: "list logs",
    method: "GET" as const,
    path: `/v1/applications/${APP}/logs`,
    idempotent: true,
  };
  const env = { retryStatuses: [503], nowMs: 0, redact, origin: "https://api.nodion.com" };
  const response = (status: number, body: string) => ({
    status,
    statusText: "",
    headers: { "content-type": "application/json" },
    body,
  });

  it("says a 403 means the key may not read logs", () => {
    const err = errorFromResponse(request, response(403, '{"errors":["nope"]}'), env);
    assert.match(
      noLogsLine(err, redact),
      /^\(no log lines: Nodion answered 403 to the logs request/,
    );
  });

  it("says a 404 right after the list worked is not a wrong application id", () => {
    const err = errorFromResponse(
      request,
      response(404, '{"status":404,"error":"Not Found"}'),
      env,
    );
    const shown = noLogsLine(err, redact);
    assert.match(
      shown,
      /^\(no log lines: Nodion answered 404 to the logs request \(GET \/v1\/applications\/.*\/logs\) just after it listed the application's deployments, so the application exists/,
    );
    assert.doesNotMatch(shown, /Check the application ID/);
  });

  it("gives any other failure's one-line message, without the key", () => {
    const err = errorFromResponse(request, response(503, `{"error":"down ${KEY}"}`), env);
    const shown = noLogsLine(err, redact);
    assert.match(shown, /^\(no log lines: .*list logs.*503/);
    assert.ok(!shown.includes(KEY));
    assert.equal(
      noLogsLine(new Error(`bug\nwith ${KEY}`), redact),
      "(no log lines: bug with [REDACTED])",
    );
  });
});

describe("readLogsSince and failureLogDetails", () => {
  it("starts a second before the deployment and keeps the last lines", async () => {
    const { client, calls } = fakeClient([[line("a", 1), line("b", 2), line("c", 3)]]);
    const { lines, cut } = await readLogsSince(client, APP, "2025-03-01T12:00:00.000+00:00", 2);
    assert.deepEqual(
      lines.map((l) => l.message),
      ["b", "c"],
    );
    assert.equal(cut, false);
    assert.deepEqual(calls, [
      { after: new Date("2025-03-01T11:59:59.000Z"), limit: MAX_LOG_LIMIT },
    ]);
  });

  it("pages forward from the last line of a full page, and stops after a bounded number", async () => {
    const full = (tag: string) =>
      Array.from({ length: MAX_LOG_LIMIT }, (_, i) => line(`${tag}${i}`, i));
    const pages = Array.from({ length: MAX_LOG_PAGES + 2 }, (_, p) => full(`p${p}-`));
    const { client, calls } = fakeClient(pages);
    const { lines, cut } = await readLogsSince(client, APP, "2025-03-01T12:00:00.000+00:00", 3);
    assert.equal(calls.length, MAX_LOG_PAGES);
    assert.equal(calls[1]?.after, line("", MAX_LOG_LIMIT - 1).timestamp);
    assert.equal(cut, true);
    assert.equal(lines.at(-1)?.message, `p${MAX_LOG_PAGES - 1}-${MAX_LOG_LIMIT - 1}`);
  });

  it("heads the lines, turns a failure into one line, and makes no request for 0", async () => {
    const ok = fakeClient([[line("boom", 1)]]);
    assert.deepEqual(await failureLogDetails(ok.client, APP, "2025-03-01T12:00:00Z", 5, redact), [
      `last 1 log line of application ${APP}:`,
      "2025-03-01T12:00:01.000+00:00 [0561de44] boom",
    ]);
    const failing = fakeClient([], new Error("socket hang up"));
    assert.deepEqual(
      await failureLogDetails(failing.client, APP, "2025-03-01T12:00:00Z", 5, redact),
      ["(no log lines: socket hang up)"],
    );
    const off = fakeClient([[line("x")]]);
    assert.deepEqual(await failureLogDetails(off.client, APP, "t", 0, redact), []);
    assert.equal(off.calls.length, 0);
  });
});
