/**
 * Reads a response body into memory up to a size limit.
 *
 * Why: the API's lists are not paginated, so a response has no natural bound, and a wrong base
 * URL or a broken server can send hundreds of megabytes, which a plain read would hold in memory
 * (several times over while decoding) until the process dies. Reading stops at the limit instead,
 * and a body that trickles forever ends when the caller's signal aborts (the request timeout).
 *
 * @packageDocumentation
 */
import type { Readable } from "node:stream";

/** What reading a body came to. */
export type CappedBody =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "too_large" | "aborted" };

/**
 * Reads `stream` as UTF-8 text, giving up (and destroying the stream) once more than
 * `limitBytes` bytes arrived or `signal` aborts. Never rejects for those two reasons; other
 * stream errors (a dropped connection) reject as the stream reports them.
 *
 * @param declaredLength - the `Content-Length` header, if any, to refuse an oversized body
 *   before reading a byte of it.
 */
export async function readCapped(
  stream: Readable,
  limitBytes: number,
  signal: AbortSignal,
  declaredLength?: string,
): Promise<CappedBody> {
  const declared = declaredLength === undefined ? Number.NaN : Number(declaredLength);
  if (Number.isFinite(declared) && declared > limitBytes) {
    stream.destroy();
    return { ok: false, reason: "too_large" };
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const onAbort = (): void => {
    stream.destroy();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), "utf8");
      received += buffer.length;
      if (received > limitBytes) {
        stream.destroy();
        return { ok: false, reason: "too_large" };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: "aborted" };
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  // A stream destroyed by the abort may end quietly instead of throwing.
  if (signal.aborted) return { ok: false, reason: "aborted" };
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
