// The hand-coded Check, Create and Log messages (resource-messages.ts, struct-codec.ts,
// protobuf-wire.ts), held against google-protobuf's generated classes in both directions: what
// we write, the generated classes read back the same; what they write, we read the same.
import { strict as assert } from "node:assert";
import { BinaryReader, BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ProtoReader, ProtoWriter } from "../../../provider/plugin/protobuf-wire";
import {
  decodeCheckRequest,
  decodeCreateRequest,
  encodeCheckResponse,
  encodeCreateResponse,
  encodeLogRequest,
  LOG_INFO,
} from "../../../provider/plugin/resource-messages";
import { readStruct, writeStruct } from "../../../provider/plugin/struct-codec";
import { secret, toStruct, type PropertyMap } from "../../../provider/plugin/wire";

const URN = "urn:pulumi:dev::proj::nodion:index:Deployment::web";

/** Property maps of every kind of value, the odd ones included. */
const SAMPLES: PropertyMap[] = [
  {},
  { applicationId: "app-1", triggers: ["sha-1", "sha-2"], wait: "none" },
  { empty: "", zero: 0, no: false, nothing: null, list: [], map: {} },
  { negative: -12.5, big: 2 ** 53 + 2, tiny: 5e-324, huge: 1.7976931348623157e308 },
  { text: "naïve — 日本語 🚀 \u0000 end", "key with spaces / ünïcode": "v" },
  { apiKey: secret("nodion-key"), nested: { deep: [{ a: [1, [2, [3, null]]] }, true] } },
  { long: "x".repeat(70_000), many: Array.from({ length: 300 }, (_, i) => `item-${i}`) },
];

/** A deterministic generator of JSON-like property maps (a small xorshift). */
function randomMaps(count: number): PropertyMap[] {
  let seed = 0x9e3779b9;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const value = (depth: number): unknown => {
    const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
    if (kind === 0) return null;
    if (kind === 1) return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 7);
    if (kind === 2)
      return String.fromCodePoint(
        ...Array.from({ length: 6 }, () => 32 + Math.floor(next() * 0x2fff)),
      );
    if (kind === 3) return next() < 0.5;
    if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return map(depth + 1);
  };
  const map = (depth: number): PropertyMap =>
    Object.fromEntries(
      Array.from({ length: Math.floor(next() * 5) }, (_, i) => [
        `k${i}-${Math.floor(next() * 100)}`,
        value(depth),
      ]),
    );
  return Array.from({ length: count }, () => map(0));
}

const ALL = [...SAMPLES, ...randomMaps(200)];

function ours(map: object): Uint8Array {
  const writer = new ProtoWriter();
  writeStruct(writer, map);
  return writer.finish();
}

describe("plugin hand-coded protobuf messages", () => {
  it("writes structs that google-protobuf reads back as the same values", () => {
    for (const map of ALL) {
      assert.deepEqual(Struct.deserializeBinary(ours(map)).toJavaScript(), map);
    }
  });

  it("reads structs that google-protobuf writes as the same values", () => {
    for (const map of ALL) {
      const bytes = Struct.fromJavaScript(map as never).serializeBinary();
      assert.deepEqual(readStruct(new ProtoReader(bytes)), map);
    }
  });

  it("leaves undefined properties out at any depth and writes an undefined list item as null", () => {
    const bytes = ours({ a: undefined, b: { c: undefined, d: 1 }, e: [undefined, 2] });
    assert.deepEqual(Struct.deserializeBinary(bytes).toJavaScript(), {
      b: { d: 1 },
      e: [null, 2],
    });
  });

  it("refuses what is not data, and a value of no kind, by name", () => {
    assert.throws(() => ours({ f: () => 1 }), /a function cannot be a property value/);
    // A struct whose one entry holds an empty Value: field 1 { key "k", value {} }.
    const empty = new ProtoWriter()
      .message(1, (e) => e.string(1, "k").bytes(2, new Uint8Array()))
      .finish();
    assert.throws(() => readStruct(new ProtoReader(empty)), /a struct Value with no kind/);
  });

  it("reads Check's urn, olds and news, skipping every field it does not use", () => {
    const req = new proto.CheckRequest();
    req.setUrn(URN);
    req.setOlds(toStruct({ applicationId: "old" }));
    req.setNews(toStruct(SAMPLES[5] as PropertyMap));
    req.setRandomseed(new Uint8Array(32).fill(7));
    req.setName("web");
    req.setType("nodion:index:Deployment");
    req.setOldOutputs(toStruct({ status: "available" }));
    const autonaming = new proto.CheckRequest.AutonamingOptions();
    autonaming.setProposedName("web-1234");
    req.setAutonaming(autonaming);
    assert.deepEqual(decodeCheckRequest(req.serializeBinary()), {
      urn: URN,
      olds: { applicationId: "old" },
      news: SAMPLES[5],
    });
    assert.deepEqual(decodeCheckRequest(new Uint8Array()), { urn: "", olds: {}, news: {} });
  });

  it("reads Create's urn, properties, timeout and preview", () => {
    const req = new proto.CreateRequest();
    req.setUrn(URN);
    req.setProperties(toStruct({ applicationId: "app-1", triggers: ["t"] }));
    req.setTimeout(90.5);
    req.setPreview(true);
    req.setName("web");
    req.setType("nodion:index:Deployment");
    req.setResourceStatusAddress("127.0.0.1:1");
    req.setResourceStatusToken("token");
    assert.deepEqual(decodeCreateRequest(req.serializeBinary()), {
      urn: URN,
      properties: { applicationId: "app-1", triggers: ["t"] },
      timeout: 90.5,
      preview: true,
    });
    const bare = new proto.CreateRequest();
    bare.setUrn(URN);
    assert.deepEqual(decodeCreateRequest(bare.serializeBinary()), {
      urn: URN,
      properties: {},
      timeout: 0,
      preview: false,
    });
  });

  it("writes Check and Create answers the generated classes read", () => {
    const check = proto.CheckResponse.deserializeBinary(
      encodeCheckResponse({ applicationId: "app-1", apiKey: secret("k") }, [
        { property: "applicationId", reason: "is required" },
        { property: "", reason: "no property" },
      ]),
    );
    assert.deepEqual(check.getInputs()?.toJavaScript(), {
      applicationId: "app-1",
      apiKey: secret("k"),
    });
    assert.deepEqual(
      check.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
      [
        ["applicationId", "is required"],
        ["", "no property"],
      ],
    );
    const create = proto.CreateResponse.deserializeBinary(
      encodeCreateResponse("app-1/dep-1", { deployNumber: 3, status: "queued" }),
    );
    assert.equal(create.getId(), "app-1/dep-1");
    assert.deepEqual(create.getProperties()?.toJavaScript(), { deployNumber: 3, status: "queued" });
    // A preview's answer has no id and still carries its (empty) properties.
    const preview = proto.CreateResponse.deserializeBinary(encodeCreateResponse("", {}));
    assert.equal(preview.getId(), "");
    assert.equal(preview.hasProperties(), true);
  });

  it("writes Log requests the generated class reads", () => {
    const log = LogRequest.deserializeBinary(encodeLogRequest(LOG_INFO, "nodion: hello ✓", URN));
    assert.equal(log.getSeverity(), LogSeverity.INFO);
    assert.equal(log.getMessage(), "nodion: hello ✓");
    assert.equal(log.getUrn(), URN);
    assert.equal(log.getStreamid(), 0);
    assert.equal(log.getEphemeral(), false);
  });

  it("writes and reads varints at their byte boundaries, as google-protobuf does", () => {
    for (const n of [0, 1, 127, 128, 16383, 16384, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const bytes = new ProtoWriter().varint(3, n).finish();
      const theirs = new BinaryWriter();
      theirs.writeUint64(3, n);
      assert.deepEqual([...bytes], [...theirs.getResultBuffer()], `varint ${n}`);
      const reader = new ProtoReader(bytes);
      assert.deepEqual(reader.next(), { field: 3, wireType: 0 });
      assert.equal(reader.varint(), n);
      const back = new BinaryReader(bytes);
      back.nextField();
      assert.equal(back.readUint64(), n);
    }
    assert.throws(() => new ProtoWriter().varint(1, -1), /cannot write -1 as a varint/);
  });

  it("refuses a message cut short, naming the fault", () => {
    const req = new proto.CheckRequest();
    req.setUrn(URN);
    req.setNews(toStruct({ applicationId: "app-1" }));
    const bytes = req.serializeBinary();
    for (const cut of [1, 5, bytes.length - 1]) {
      assert.throws(
        () => decodeCheckRequest(bytes.subarray(0, cut)),
        /malformed protobuf message: a message cut short/,
        `cut at ${cut}`,
      );
    }
    // Field 1 with wire type 3 (a group, which proto3 never sends).
    assert.throws(() => decodeCheckRequest(Uint8Array.of(0x0b)), /malformed protobuf message/);
  });
});
