import * as assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { EngineLog } from "../../../provider/plugin/engine-log";

/**
 * Progress lines: each attached to the resource being worked on, in order per resource, and one
 * resource never waits for another's lines.
 */
describe("plugin engine log", () => {
  let server: grpc.Server;
  let address: string;
  const received: Array<[string, string]> = [];
  /** This line is answered only when released. */
  const held = { message: "nodion: slow 1", release: (): void => undefined };

  before(async () => {
    server = new grpc.Server();
    server.addService(EngineService, {
      log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, cb: grpc.sendUnaryData<Empty>) => {
        received.push([call.request.getUrn(), call.request.getMessage()]);
        if (call.request.getMessage() === held.message) held.release = () => cb(null, new Empty());
        else cb(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    address = `127.0.0.1:${port}`;
  });

  after(() => server?.forceShutdown());

  it("keeps each resource's lines in order and flushes one resource without the others", async () => {
    const fallback: string[] = [];
    const log = new EngineLog((line) => fallback.push(line));
    log.connect(address);
    await log.within("urn:slow", async () => log.report("slow 1"));
    for (let i = 1; i <= 5; i++) {
      await log.within("urn:fast", async () => log.report(`fast ${i}`));
    }
    await log.flush("urn:fast");
    assert.deepEqual(
      received.filter(([urn]) => urn === "urn:fast").map(([, m]) => m),
      ["nodion: fast 1", "nodion: fast 2", "nodion: fast 3", "nodion: fast 4", "nodion: fast 5"],
    );
    let slowDone = false;
    const slow = log.flush("urn:slow").then(() => (slowDone = true));
    await log.within("urn:slow", async () => log.report("slow 2"));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(slowDone, false, "the held line is not delivered yet");
    assert.ok(!received.some(([, m]) => m === "nodion: slow 2"), "slow 2 waits for slow 1");
    held.release();
    await slow;
    await log.flush();
    assert.deepEqual(
      received.filter(([urn]) => urn === "urn:slow").map(([, m]) => m),
      ["nodion: slow 1", "nodion: slow 2"],
    );
    assert.deepEqual(fallback, []);
    log.close();
  });

  it("prints lines where it can when the engine cannot be reached", async () => {
    const fallback: string[] = [];
    const log = new EngineLog((line) => fallback.push(line));
    log.report("before connect");
    log.connect("127.0.0.1:1");
    await log.within("urn:x", async () => log.report("lost"));
    await log.flush();
    assert.deepEqual(fallback, ["nodion: before connect", "nodion: lost"]);
    log.close();
  });
});
