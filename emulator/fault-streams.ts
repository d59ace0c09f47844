/**
 * Fault behaviours that play out over time on an open response: waits that end when the client
 * leaves or the emulator closes, a body too big to buffer, and a body that never ends. Each one
 * ends when the client disconnects or the signal aborts, so `close()` never waits on a fault.
 */
import type { ServerResponse } from "node:http";
import type { EmulatorResponse } from "./http";

/** How a `pause` ended: its time ran out, the client went away, or the emulator is closing. */
export type PauseEnd = "elapsed" | "gone" | "aborted";

/** Bytes handed to the socket per write; the only body memory a streamed fault holds. */
const CHUNK_BYTES = 64 * 1024;
const FILL = Buffer.alloc(CHUNK_BYTES, "x");

/**
 * Waits `ms` (forever when `undefined`), but no longer than the client's connection or `signal`.
 * A response that already ended or whose connection closed counts as gone.
 */
export function pause(
  ms: number | undefined,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<PauseEnd> {
  if (signal.aborted) return Promise.resolve("aborted");
  if (res.destroyed || res.writableEnded) return Promise.resolve("gone");
  return new Promise((resolve) => {
    const finish = (end: PauseEnd): void => {
      if (timer !== undefined) clearTimeout(timer);
      res.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
      resolve(end);
    };
    const onClose = (): void => finish("gone");
    const onAbort = (): void => finish("aborted");
    const timer = ms === undefined ? undefined : setTimeout(() => finish("elapsed"), ms);
    res.once("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves once the socket wants more data, or the client or emulator is gone. */
function drained(res: ServerResponse, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (more: boolean): void => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      signal.removeEventListener("abort", onClose);
      resolve(more);
    };
    const onDrain = (): void => finish(true);
    const onClose = (): void => finish(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
    signal.addEventListener("abort", onClose, { once: true });
  });
}

/** Writes body chunks, each only once the socket has taken the last; counts the bytes written. */
class BodyWriter {
  written = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly signal: AbortSignal,
  ) {}

  /** Writes `chunk`; resolves false when the client or the emulator is gone (stop writing). */
  async write(chunk: Buffer): Promise<boolean> {
    if (this.signal.aborted || this.res.destroyed) return false;
    this.written += chunk.length;
    return this.res.write(chunk) || drained(this.res, this.signal);
  }
}

/**
 * Sends `head` and a JSON body of exactly `bytes` bytes (`{"padding":"xxx…"}`; all `x` when
 * `bytes` is too small for that), `CHUNK_BYTES` at a time and only as fast as the client reads,
 * so the emulator never holds more than one chunk. Returns how many body bytes it wrote.
 */
export async function streamOversizedBody(
  res: ServerResponse,
  head: Omit<EmulatorResponse, "body">,
  bytes: number,
  chunked: boolean,
  signal: AbortSignal,
): Promise<number> {
  res.writeHead(head.status, {
    ...head.headers,
    ...(!chunked && { "content-length": String(bytes) }),
  });
  const prefix = Buffer.from('{"padding":"');
  const suffix = Buffer.from('"}');
  const framed = bytes >= prefix.length + suffix.length;
  const body = new BodyWriter(res, signal);
  if (framed && !(await body.write(prefix))) return body.written;
  const fillEnd = framed ? bytes - suffix.length : bytes;
  while (body.written < fillEnd) {
    const size = Math.min(CHUNK_BYTES, fillEnd - body.written);
    if (!(await body.write(FILL.subarray(0, size)))) return body.written;
  }
  if (framed && !(await body.write(suffix))) return body.written;
  res.end();
  return body.written;
}

/**
 * Sends `head`, the start of a JSON object, and then one space every `trickleMs` until the client
 * disconnects or `signal` aborts: a body that never ends. Returns how many body bytes it wrote.
 */
export async function trickleEndlessBody(
  res: ServerResponse,
  head: Omit<EmulatorResponse, "body">,
  trickleMs: number,
  signal: AbortSignal,
): Promise<number> {
  res.writeHead(head.status, head.headers);
  const body = new BodyWriter(res, signal);
  if (!(await body.write(Buffer.from('{"deployments":[')))) return body.written;
  while ((await pause(trickleMs, res, signal)) === "elapsed") {
    if (!(await body.write(Buffer.from(" ")))) break;
  }
  return body.written;
}
