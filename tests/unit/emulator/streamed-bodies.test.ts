import { strict as assert } from "node:assert";
import {
  OVERSIZED_BODY_BYTES,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  type RequestLogEntry,
} from "../../../emulator";
import {
  call,
  deploymentsPath,
  eventually,
  startTestEmulator,
  wait,
  type TestEmulator,
} from "./helpers";

const MiB = 1024 * 1024;

describe("emulator oversized_body and endless_body faults", () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.emulator.close();
  });

  const get = (signal?: AbortSignal) =>
    fetch(`${t.emulator.url}/applications`, {
      headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
      signal,
    });
  const post = () =>
    fetch(`${t.emulator.url}${deploymentsPath(SEED_API_APP_ID)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
    });
  /** Reads a body to the end, keeping only its size and first bytes. */
  const drain = async (res: Response): Promise<{ bytes: number; head: string }> => {
    const reader = (res.body ?? new ReadableStream<Uint8Array>()).getReader();
    let bytes = 0;
    let head = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, head };
      if (head.length < 32) head += Buffer.from(value).toString("utf8", 0, 32);
      bytes += value.length;
    }
  };
  const firstLogEntry = (): Promise<RequestLogEntry> =>
    eventually(async () => (await t.emulator.control.requests())[0]);

  it("sends a JSON body of exactly bodyBytes with Content-Length, without acting", async () => {
    await t.emulator.control.addOversizedBody({ bodyBytes: 3 * MiB, method: "POST" });
    const res = await post();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), String(3 * MiB));
    const text = await res.text();
    assert.equal(Buffer.byteLength(text), 3 * MiB);
    assert.equal((JSON.parse(text) as { padding: string }).padding.length, 3 * MiB - 14);
    assert.equal((await t.emulator.control.state()).state.deployments.length, 0);
    const entry = await firstLogEntry();
    assert.deepEqual([entry.status, entry.fault, entry.bytes], [200, "oversized_body", 3 * MiB]);
  });

  it("sends the body chunked, without Content-Length, when asked", async () => {
    await t.emulator.control.addOversizedBody({ bodyBytes: MiB, chunked: true, status: 503 });
    const res = await get();
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("content-length"), null);
    assert.equal(res.headers.get("transfer-encoding"), "chunked");
    assert.equal((await drain(res)).bytes, MiB);
  });

  it("streams 300 MiB by default at the client's pace, without buffering it", async function () {
    this.timeout(60_000);
    await t.emulator.control.addOversizedBody();
    // Client and emulator share this process: sample their joint heap and buffer memory. A
    // server that built the body first would add 300 MiB; the client's garbage adds a few dozen.
    const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
    const before = used();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, used() - before)), 10);
    try {
      const res = await get();
      assert.equal(res.headers.get("content-length"), String(OVERSIZED_BODY_BYTES));
      const { bytes, head } = await drain(res);
      assert.equal(bytes, 300 * MiB);
      assert.ok(head.startsWith('{"padding":"xxx'));
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak < 150 * MiB, `memory grew by ${Math.round(peak / MiB)} MiB`);
  });

  it("stops writing when the client stops reading and goes away", async () => {
    await t.emulator.control.addOversizedBody();
    const res = await get();
    const reader = (res.body ?? new ReadableStream<Uint8Array>()).getReader();
    let read = 0;
    while (read < MiB) read += (await reader.read()).value?.length ?? 0;
    await wait(200); // a buffering server would write everything now
    await reader.cancel();
    const entry = await firstLogEntry();
    assert.equal(entry.fault, "oversized_body");
    assert.ok((entry.bytes ?? 0) < 64 * MiB, `wrote ${entry.bytes} bytes to a stalled client`);
  });

  it("trickles a body that never ends, until the client closes", async () => {
    await t.emulator.control.addEndlessBody({ trickleMs: 50 });
    const res = await get();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), null);
    const reader = (res.body ?? new ReadableStream<Uint8Array>()).getReader();
    let text = "";
    const started = Date.now();
    while (Date.now() - started < 400) text += Buffer.from((await reader.read()).value ?? []);
    assert.match(text, /^\{"deployments":\[ {3,}$/);
    await reader.cancel();
    const entry = await firstLogEntry();
    assert.deepEqual([entry.status, entry.fault], [200, "endless_body"]);
    assert.ok((entry.bytes ?? 0) >= text.length);
  });

  it("lets a client time out on the endless body", async () => {
    await t.emulator.control.addEndlessBody({ trickleMs: 20 });
    const res = await get(AbortSignal.timeout(300));
    await assert.rejects(res.text(), (error: Error) => error.name === "TimeoutError");
  });

  it("fires the scripted number of times, then serves normally", async () => {
    await t.emulator.control.addOversizedBody({ bodyBytes: 100, times: 2 });
    await t.emulator.control.addEndlessBody({ trickleMs: 10 });
    for (let i = 0; i < 2; i++) assert.deepEqual((await drain(await get())).bytes, 100);
    const endless = new AbortController();
    const res = await get(endless.signal);
    await res.body?.getReader().read();
    endless.abort();
    const normal = await call<{ applications: unknown[] }>(t.emulator, "GET", "/applications");
    assert.equal(normal.json.applications.length, 3);
    const faults = await t.emulator.control.faults();
    assert.deepEqual(
      faults.map((f) => [f.action, f.fired, f.remaining]),
      [
        ["oversized_body", 2, 0],
        ["endless_body", 1, 0],
      ],
    );
  });

  it("close() does not wait for an endless or a stalled oversized body", async () => {
    await t.emulator.control.addEndlessBody({ trickleMs: 10_000 });
    await t.emulator.control.addOversizedBody();
    const endless = await get();
    const stalled = await get(); // never read
    await wait(50);
    const started = Date.now();
    await t.emulator.close();
    assert.ok(Date.now() - started < 500, `close() took ${Date.now() - started} ms`);
    await assert.rejects(endless.text());
    await assert.rejects(stalled.arrayBuffer());
  });

  it("rejects a fractional size and a non-boolean chunked", async () => {
    const res = await fetch(`${t.emulator.origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "oversized_body", bodyBytes: 1.5, chunked: "yes" }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { errors: string[] }).errors.length, 2);
  });
});
