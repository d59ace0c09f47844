/**
 * The protobuf binary format, the few parts the plugin's hand-coded messages need: varints,
 * length-delimited fields (strings, bytes, nested messages) and 64-bit doubles. See the
 * "Encoding" page of the Protocol Buffers documentation.
 *
 * @packageDocumentation
 */

/** The wire types of a field's tag. */
export const WireType = { VARINT: 0, FIXED64: 1, LENGTH: 2, FIXED32: 5 } as const;

/** Reads the fields of one message, in the order they were written. */
export class ProtoReader {
  private readonly buf: Buffer;
  private pos: number;
  private readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.buf = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** The next field's number and wire type, or undefined at the end of the message. */
  next(): { field: number; wireType: number } | undefined {
    if (this.pos >= this.end) return undefined;
    const tag = this.varint();
    return { field: Math.floor(tag / 8), wireType: tag % 8 };
  }

  /**
   * Reads every field to the end of the message: `take` reads those it wants (with this reader)
   * and returns true; the others are skipped.
   */
  fields(take: (field: number, wireType: number) => boolean): void {
    for (let f = this.next(); f !== undefined; f = this.next()) {
      if (!take(f.field, f.wireType)) this.skip(f.wireType);
    }
  }

  /** A varint as a number (exact up to 2^53, which lengths, enums and booleans never reach). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw malformed("a varint longer than 10 bytes");
  }

  /** A length-delimited field's bytes, as a reader of their own. */
  message(): ProtoReader {
    const [start, end] = this.span();
    return new ProtoReader(this.buf, start, end);
  }

  /** A length-delimited field as UTF-8 text. */
  string(): string {
    const [start, end] = this.span();
    return this.buf.toString("utf8", start, end);
  }

  /** A 64-bit little-endian double. */
  double(): number {
    this.need(8);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Skips a field of `wireType` (fields the plugin does not read). */
  skip(wireType: number): void {
    if (wireType === WireType.VARINT) this.varint();
    else if (wireType === WireType.FIXED64) this.advance(8);
    else if (wireType === WireType.LENGTH) this.span();
    else if (wireType === WireType.FIXED32) this.advance(4);
    else throw malformed(`wire type ${wireType}`);
  }

  private span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    this.advance(length);
    return [start, this.pos];
  }

  private byte(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  private advance(count: number): void {
    this.need(count);
    this.pos += count;
  }

  private need(count: number): void {
    if (this.end - this.pos < count) throw malformed("a message cut short");
  }
}

/** Writes the fields of one message. */
export class ProtoWriter {
  private buf = Buffer.allocUnsafe(128);
  private pos = 0;

  /** A varint field (an enum, a bool as 0 or 1, a length). */
  varint(field: number, value: number): this {
    this.tag(field, WireType.VARINT);
    this.rawVarint(value);
    return this;
  }

  /** A string field. */
  string(field: number, value: string): this {
    const length = Buffer.byteLength(value, "utf8");
    this.tag(field, WireType.LENGTH);
    this.rawVarint(length);
    this.room(length);
    this.pos += this.buf.write(value, this.pos, length, "utf8");
    return this;
  }

  /** A length-delimited field holding `bytes` (an encoded message). */
  bytes(field: number, bytes: Uint8Array): this {
    this.tag(field, WireType.LENGTH);
    this.rawVarint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A nested message, written by `write` into a writer of its own. */
  message(field: number, write: (writer: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    write(child);
    return this.bytes(field, child.finish());
  }

  /** A double field. */
  double(field: number, value: number): this {
    this.tag(field, WireType.FIXED64);
    this.room(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
    return this;
  }

  /** The message written so far. */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`protobuf: cannot write ${value} as a varint`);
    }
    this.room(10);
    let rest = value;
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buf[this.pos++] = rest;
  }

  private room(count: number): void {
    if (this.pos + count <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + count));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

function malformed(what: string): Error {
  return new Error(`malformed protobuf message: ${what}`);
}
