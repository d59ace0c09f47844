/**
 * gRPC over HTTP/2, the few parts the plugin needs (unary calls, no compression): the 5-byte
 * message prefix, status codes, and the percent-encoding of `grpc-message`. See gRPC's
 * "PROTOCOL-HTTP2" specification.
 *
 * @packageDocumentation
 */

/** The status codes the plugin uses (the gRPC and google.rpc.Code numbers). */
export const GrpcStatus = {
  OK: 0,
  UNKNOWN: 2,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

/** A call that ends with a status other than OK, as the server sends it and a client sees it. */
export interface GrpcFailure {
  readonly code: number;
  readonly message: string;
  /** A serialized `google.rpc.Status` for the `grpc-status-details-bin` trailer. */
  readonly details?: Uint8Array;
}

/** Whether `value` is a {@link GrpcFailure} (what handlers throw to answer with a status). */
export function isGrpcFailure(value: unknown): value is GrpcFailure {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as GrpcFailure).code === "number" &&
    typeof (value as GrpcFailure).message === "string"
  );
}

/** One length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, the bytes. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** The single message of a unary call's body; throws on anything else. */
export function unframe(body: Buffer): Uint8Array {
  if (body.length < 5)
    throw new Error(`a gRPC message needs its 5-byte prefix (got ${body.length} bytes)`);
  if (body[0] !== 0) throw new Error("compressed gRPC messages are not accepted");
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) {
    throw new Error(`expected one gRPC message of ${length} bytes, got ${body.length - 5}`);
  }
  return body.subarray(5);
}

/** `grpc-message` text: UTF-8, with every byte outside printable ASCII (and `%`) as `%XX`. */
export function encodeGrpcMessage(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The text of a `grpc-message` header (malformed escapes are kept as they are). */
export function decodeGrpcMessage(header: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < header.length; i++) {
    const hex = header.slice(i + 1, i + 3);
    if (header[i] === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(header[i] ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
