import * as assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { GrpcClient } from "../../../provider/plugin/grpc-client";
import {
  decodeGrpcMessage,
  encodeGrpcMessage,
  frame,
  unframe,
} from "../../../provider/plugin/grpc-frames";
import { serveGrpc, type GrpcServer } from "../../../provider/plugin/grpc-server";
import { listenOnLoopback } from "./grpc-js";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (b: Uint8Array) => Buffer.from(b).toString();

/**
 * The plugin's own unary gRPC over HTTP/2, checked against @grpc/grpc-js (another implementation
 * of the protocol) in both directions; the engine tests check it against the engine's grpc-go.
 */
describe("plugin gRPC transport", () => {
  let server: GrpcServer;
  let grpcServer: grpc.Server;
  let grpcPort: number;
  const seen: string[] = [];

  before(async () => {
    server = await serveGrpc(
      "test.Echo",
      new Map([
        ["Echo", async (req: Uint8Array) => bytes(`echo:${text(req)}`)],
        [
          "Fail",
          async () => {
            throw { code: 9, message: "déjà vu → 100%\nsecond line", details: bytes("detail") };
          },
        ],
        [
          "Bug",
          async () => {
            throw new TypeError("x is undefined");
          },
        ],
      ]),
      (method) => ({ code: 12, message: `${method} is not here` }),
    );
    grpcServer = new grpc.Server();
    grpcServer.register(
      "/test.Echo/Echo",
      (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        seen.push(call.request.toString());
        cb(null, Buffer.from(`grpc-js:${call.request.toString()}`));
      },
      (b: Buffer) => b,
      (b: Buffer) => b,
      "unary",
    );
    grpcPort = await listenOnLoopback(grpcServer);
  });

  after(async () => {
    await server?.close();
    grpcServer?.forceShutdown();
  });

  /** A unary call from @grpc/grpc-js to our server. */
  function callOurs(method: string, body: string): Promise<string> {
    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    return new Promise<string>((resolve, reject) => {
      client.makeUnaryRequest(
        `/test.Echo/${method}`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(body),
        (err, res) => {
          client.close();
          if (err) reject(err);
          else resolve(res?.toString() ?? "");
        },
      );
    });
  }

  it("frames one uncompressed message with its length, and refuses anything else", () => {
    const framed = frame(bytes("hi"));
    assert.deepEqual([...framed], [0, 0, 0, 0, 2, 104, 105]);
    assert.equal(text(unframe(framed)), "hi");
    assert.throws(() => unframe(Buffer.from([0, 0])), /5-byte prefix/);
    assert.throws(() => unframe(Buffer.from([1, 0, 0, 0, 0])), /compressed/);
    assert.throws(() => unframe(Buffer.from([0, 0, 0, 0, 3, 1])), /one gRPC message of 3 bytes/);
  });

  it("percent-encodes grpc-message outside printable ASCII, and decodes it back", () => {
    const message = "déjà vu → 100%\nok";
    const encoded = encodeGrpcMessage(message);
    assert.match(encoded, /^[\x20-\x7e]*$/);
    assert.ok(encoded.includes("100%25"));
    assert.equal(decodeGrpcMessage(encoded), message);
    assert.equal(decodeGrpcMessage("50%zz"), "50%zz");
  });

  it("answers a grpc-js client", async () => {
    assert.equal(await callOurs("Echo", "ping"), "echo:ping");
    assert.equal(await callOurs("Echo", ""), "echo:");
    const big = "x".repeat(3 * 1024 * 1024);
    assert.equal((await callOurs("Echo", big)).length, big.length + 5);
  });

  it("sends a failure's code, message and details as grpc-js reads them", async () => {
    const err = (await callOurs("Fail", "").then(
      () => assert.fail("should fail"),
      (e: grpc.ServiceError) => e,
    )) as grpc.ServiceError;
    assert.equal(err.code, 9);
    assert.equal(err.details, "déjà vu → 100%\nsecond line");
    const [details] = err.metadata.get("grpc-status-details-bin");
    assert.equal(Buffer.from(details as Buffer).toString(), "detail");
  });

  it("answers an unknown method UNIMPLEMENTED and a handler's bug INTERNAL with its stack", async () => {
    const unknown = (await callOurs("Nope", "").catch((e: unknown) => e)) as grpc.ServiceError;
    assert.equal(unknown.code, grpc.status.UNIMPLEMENTED);
    assert.equal(unknown.details, "Nope is not here");
    const bug = (await callOurs("Bug", "").catch((e: unknown) => e)) as grpc.ServiceError;
    assert.equal(bug.code, grpc.status.INTERNAL);
    assert.match(bug.details, /TypeError: x is undefined\n\s+at /);
  });

  it("calls a grpc-js server, reconnecting after the connection is closed", async () => {
    const client = new GrpcClient(`127.0.0.1:${grpcPort}`);
    assert.equal(text(await client.call("/test.Echo/Echo", bytes("one"))), "grpc-js:one");
    client.close();
    assert.equal(text(await client.call("/test.Echo/Echo", bytes("two"))), "grpc-js:two");
    await assert.rejects(client.call("/test.Echo/Missing", bytes("")), /gRPC status 12/);
    client.close();
    assert.deepEqual(seen, ["one", "two"]);
  });

  it("rejects a call when nothing listens", async () => {
    const client = new GrpcClient("127.0.0.1:1");
    await assert.rejects(client.call("/test.Echo/Echo", bytes("x")), /ECONNREFUSED/);
    client.close();
  });
});
