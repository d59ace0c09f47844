import * as assert from "node:assert/strict";
import * as path from "node:path";
import { TestStack } from "../helpers/pulumi-stack";
import { assertOffline } from "../helpers/offline";

const program = path.join(__dirname, "..", "programs", "smoke");

describe("the Pulumi toolchain (real CLI, language host, dynamic provider, command plugin)", () => {
  let stack: TestStack;

  before(async () => {
    stack = await TestStack.create({ program });
  });

  after(async () => {
    await stack?.remove();
  });

  it("runs up, refresh and destroy on a dynamic resource and a local command", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.deepEqual(await stack.outputs(), { doubled: 42, stdout: "hello-from-command" });

    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    const doubler = (await stack.resources()).find((r) => r.type.endsWith(":Resource"));
    assert.equal(doubler?.outputs?.refreshedAt, "refresh-ran", "read() ran during refresh");

    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    const left = (await stack.resources()).filter((r) => !r.type.startsWith("pulumi:"));
    assert.deepEqual(left, []);
  });

  it("never tries the network for plugins and never falls back to plugins on PATH", () => {
    const commands = stack.transcript.map((run) => run.args[0]);
    for (const command of ["up", "refresh", "destroy"]) {
      assert.ok(commands.includes(command), `the lifecycle test ran ${command} first`);
    }
    assertOffline(stack.allOutput());
  });
});
