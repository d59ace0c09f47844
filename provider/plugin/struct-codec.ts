/**
 * `google.protobuf.Struct`, the property maps of the engine's calls, read and written straight
 * from and to plain JavaScript values (see `struct.proto`). The same values as google-protobuf's
 * `Struct.toJavaScript` and `fromJavaScript` give, without building a message object per value
 * on the way: for the calls made once per resource that cost more CPU than the rest of the
 * plugin's work on them (`resource-messages.ts`).
 *
 * @packageDocumentation
 */
import { ProtoReader, ProtoWriter } from "./protobuf-wire";
import type { PropertyMap } from "./wire";

/** Field numbers of Struct, its map entries, Value and ListValue. */
const STRUCT_FIELDS = 1;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;
const VALUE = { NULL: 1, NUMBER: 2, STRING: 3, BOOL: 4, STRUCT: 5, LIST: 6 } as const;
const LIST_VALUES = 1;

/**
 * A Struct's fields. A key sent twice keeps its last value, as protobuf maps do; an entry
 * without a value reads as null.
 */
export function readStruct(reader: ProtoReader): PropertyMap {
  const map: PropertyMap = {};
  reader.fields((field) => {
    if (field !== STRUCT_FIELDS) return false;
    const entry = reader.message();
    let key = "";
    let value: unknown = null;
    entry.fields((entryField) => {
      if (entryField === ENTRY_KEY) key = entry.string();
      else if (entryField === ENTRY_VALUE) value = readValue(entry.message());
      else return false;
      return true;
    });
    map[key] = value;
    return true;
  });
  return map;
}

/** One Value. A Value with no kind set is refused, as google-protobuf refuses it. */
function readValue(reader: ProtoReader): unknown {
  let value: unknown;
  reader.fields((field) => {
    if (field === VALUE.NULL) {
      reader.varint(); // NullValue has the one value NULL_VALUE
      value = null;
    } else if (field === VALUE.NUMBER) value = reader.double();
    else if (field === VALUE.STRING) value = reader.string();
    else if (field === VALUE.BOOL) value = reader.varint() !== 0;
    else if (field === VALUE.STRUCT) value = readStruct(reader.message());
    else if (field === VALUE.LIST) value = readList(reader.message());
    else return false;
    return true;
  });
  if (value === undefined)
    throw new Error("malformed protobuf message: a struct Value with no kind");
  return value;
}

function readList(reader: ProtoReader): unknown[] {
  const values: unknown[] = [];
  reader.fields((field) => {
    if (field !== LIST_VALUES) return false;
    values.push(readValue(reader.message()));
    return true;
  });
  return values;
}

/**
 * Writes `map` as a Struct's fields. Properties that are undefined are left out (at any depth,
 * as JSON leaves them out); an undefined array element is written as null.
 */
export function writeStruct(writer: ProtoWriter, map: object): void {
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    writer.message(STRUCT_FIELDS, (entry) => {
      entry.string(ENTRY_KEY, key);
      entry.message(ENTRY_VALUE, (v) => writeValue(v, value));
    });
  }
}

/** Writes one Value; anything but JSON-like data is a bug of the caller and throws. */
function writeValue(writer: ProtoWriter, value: unknown): void {
  if (value === null || value === undefined) writer.varint(VALUE.NULL, 0);
  else if (typeof value === "number") writer.double(VALUE.NUMBER, value);
  else if (typeof value === "string") writer.string(VALUE.STRING, value);
  else if (typeof value === "boolean") writer.varint(VALUE.BOOL, value ? 1 : 0);
  else if (Array.isArray(value)) {
    writer.message(VALUE.LIST, (list) => {
      for (const item of value) list.message(LIST_VALUES, (v) => writeValue(v, item));
    });
  } else if (typeof value === "object") {
    writer.message(VALUE.STRUCT, (struct) => writeStruct(struct, value));
  } else {
    throw new Error(`a ${typeof value} cannot be a property value`);
  }
}
