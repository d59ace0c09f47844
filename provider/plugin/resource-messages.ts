/**
 * The messages of the calls the engine makes once per resource (`Check`, `Create`) and of each
 * progress line (`Log`), coded by hand (field numbers from Pulumi's `provider.proto` and
 * `engine.proto`). With google-protobuf's generated classes these messages took about 1.8 ms of
 * CPU per deployment in a 50-resource `pulumi up`, more than any other part of the plugin, on
 * the event loop that answers the engine's next `Check`. The other calls keep the generated
 * classes. Fields the plugin does not use are skipped when read and never written.
 *
 * @packageDocumentation
 */
import { ProtoReader, ProtoWriter, WireType } from "./protobuf-wire";
import { readStruct, writeStruct } from "./struct-codec";
import type { PropertyMap } from "./wire";

/** `pulumirpc.CheckRequest`: urn 1, olds 2, news 3. */
export interface CheckRequest {
  readonly urn: string;
  readonly olds: PropertyMap;
  readonly news: PropertyMap;
}

export function decodeCheckRequest(bytes: Uint8Array): CheckRequest {
  let urn = "";
  let olds: PropertyMap = {};
  let news: PropertyMap = {};
  const reader = new ProtoReader(bytes);
  reader.fields((field, wireType) => {
    if (wireType !== WireType.LENGTH) return false;
    if (field === 1) urn = reader.string();
    else if (field === 2) olds = readStruct(reader.message());
    else if (field === 3) news = readStruct(reader.message());
    else return false;
    return true;
  });
  return { urn, olds, news };
}

/** `pulumirpc.CheckResponse`: inputs 1, failures 2 (`CheckFailure`: property 1, reason 2). */
export function encodeCheckResponse(
  inputs: PropertyMap,
  failures: readonly { property: string; reason: string }[],
): Uint8Array {
  const writer = new ProtoWriter().message(1, (w) => writeStruct(w, inputs));
  for (const failure of failures) {
    writer.message(2, (w) => {
      if (failure.property !== "") w.string(1, failure.property);
      if (failure.reason !== "") w.string(2, failure.reason);
    });
  }
  return writer.finish();
}

/** `pulumirpc.CreateRequest`: urn 1, properties 2, timeout 3 (seconds), preview 4. */
export interface CreateRequest {
  readonly urn: string;
  readonly properties: PropertyMap;
  readonly timeout: number;
  readonly preview: boolean;
}

export function decodeCreateRequest(bytes: Uint8Array): CreateRequest {
  let urn = "";
  let properties: PropertyMap = {};
  let timeout = 0;
  let preview = false;
  const reader = new ProtoReader(bytes);
  reader.fields((field, wireType) => {
    if (field === 1 && wireType === WireType.LENGTH) urn = reader.string();
    else if (field === 2 && wireType === WireType.LENGTH) properties = readStruct(reader.message());
    else if (field === 3 && wireType === WireType.FIXED64) timeout = reader.double();
    else if (field === 4 && wireType === WireType.VARINT) preview = reader.varint() !== 0;
    else return false;
    return true;
  });
  return { urn, properties, timeout, preview };
}

/** `pulumirpc.CreateResponse`: id 1, properties 2. */
export function encodeCreateResponse(id: string, properties: PropertyMap): Uint8Array {
  const writer = new ProtoWriter();
  if (id !== "") writer.string(1, id);
  return writer.message(2, (w) => writeStruct(w, properties)).finish();
}

/** `pulumirpc.LogSeverity.INFO`. */
export const LOG_INFO = 1;

/** `pulumirpc.LogRequest`: severity 1, message 2, urn 3. */
export function encodeLogRequest(severity: number, message: string, urn: string): Uint8Array {
  const writer = new ProtoWriter();
  if (severity !== 0) writer.varint(1, severity);
  if (message !== "") writer.string(2, message);
  if (urn !== "") writer.string(3, urn);
  return writer.finish();
}
