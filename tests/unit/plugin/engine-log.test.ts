import * as assert from "node:assert/strict";
import * as net from "node:net";
import { EngineLog } from "../../../provider/plugin/engine-log";
import { fakeEngine, type FakeEngine } from "./grpc-js";

/**
 * Progress lines: each attached to the resource being worked on, in order per resource, and one
 * resource never waits for another's lines.
 */
describe("plugin engine log", () => {
  let engine: FakeEngine;
  /** This line is answered only when released. */
  const heldLine = "nodion: slow 1";
  const received = () => engine.logs.map((l): [string, string] => [l.getUrn(), l.getMessage()]);

  before(async () => {
    engine = await fakeEngine((line) => line.getMessage() === heldLine);
  });

  after(() => engine?.close());

  it("keeps each resource's lines in order and flushes one resource without the others", async () => {
    const fallback: string[] = [];
    const log = new EngineLog((line) => fallback.push(line));
    log.connect(engine.address);
    await log.within("urn:slow", async () => log.report("slow 1"));
    for (let i = 1; i <= 5; i++) {
      await log.within("urn:fast", async () => log.report(`fast ${i}`));
    }
    await log.flush("urn:fast");
    assert.deepEqual(
      received()
        .filter(([urn]) => urn === "urn:fast")
        .map(([, m]) => m),
      ["nodion: fast 1", "nodion: fast 2", "nodion: fast 3", "nodion: fast 4", "nodion: fast 5"],
    );
    let slowDone = false;
    const slow = log.flush("urn:slow").then(() => (slowDone = true));
    await log.within("urn:slow", async () => log.report("slow 2"));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(slowDone, false, "the held line is not delivered yet");
    assert.ok(!received().some(([, m]) => m === "nodion: slow 2"), "slow 2 waits for slow 1");
    engine.release();
    await slow;
    await log.flush();
    assert.deepEqual(
      received()
        .filter(([urn]) => urn === "urn:slow")
        .map(([, m]) => m),
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

  it("opens its connection to the engine on connect, before the first line", async () => {
    // A busy engine was seen taking 35 ms to accept it, which a deployment's answer then waited for.
    const accepted: net.Socket[] = [];
    const listener = net.createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as net.AddressInfo;
    const log = new EngineLog(() => undefined);
    try {
      log.connect(`127.0.0.1:${port}`);
      for (let i = 0; i < 100 && accepted.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(accepted.length, 1);
    } finally {
      log.close();
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
