/**
 * The HTTP vocabulary shared by the route modules: a plain request, a plain response, and the
 * error bodies Nodion uses. Route handlers return values; only `server.ts` touches sockets.
 */
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from "node:http";

/** Largest request body the emulator reads. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request as route handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** URL path without the query string, e.g. `/v1/applications`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, `""` when none was sent. */
  readonly body: string;
}

/** A response as route handlers produce it. */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A JSON response with `Content-Type: application/json`. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** The Rails-style `{"status":N,"error":"Reason"}` body Nodion uses for 404 (and we use for 401, 429, 5xx). */
export function statusResponse(
  status: number,
  headers?: Readonly<Record<string, string>>,
): EmulatorResponse {
  return jsonResponse(status, { status, error: STATUS_CODES[status] ?? "Error" }, headers);
}

/** The `{"errors":[...]}` body Nodion uses for 400 (and we use for 403). */
export function errorsResponse(status: number, errors: readonly string[]): EmulatorResponse {
  return jsonResponse(status, { errors });
}

/** 404 `{"status":404,"error":"Not Found"}`. */
export function notFound(): EmulatorResponse {
  return statusResponse(404);
}

/** The result of reading a JSON body. */
export type JsonBodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly response: EmulatorResponse };

/** Parses a request body as JSON; an empty body reads as `undefined`. */
export function parseJsonBody(body: string): JsonBodyResult {
  if (body.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, response: errorsResponse(400, ["Request body is not valid JSON"]) };
  }
}

/** Reads a request body as UTF-8, or `undefined` when it exceeds `limit` bytes. */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
