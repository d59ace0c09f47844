import * as assert from "node:assert/strict";
import { afterFirstResourceOperation } from "../../../provider/plugin/first-operation";

describe("afterFirstResourceOperation", () => {
  it("runs once, after the first resource operation's answer", () => {
    let runs = 0;
    const after = afterFirstResourceOperation(() => runs++);
    for (const method of ["Handshake", "GetPluginInfo", "CheckConfig", "Configure", "Check"]) {
      after(method);
    }
    assert.equal(runs, 0, "start-up answers are not the point worth caching");
    after("Create");
    after("Create");
    after("Read");
    assert.equal(runs, 1);
  });

  it("treats Read, Update and Delete like Create", () => {
    for (const method of ["Read", "Update", "Delete"]) {
      let runs = 0;
      afterFirstResourceOperation(() => runs++)(method);
      assert.equal(runs, 1, method);
    }
  });

  it("carries on when the action throws, and does nothing without an action", () => {
    let tries = 0;
    const failing = afterFirstResourceOperation(() => {
      tries++;
      throw new Error("EROFS: read-only file system");
    });
    assert.doesNotThrow(() => failing("Create"));
    failing("Update");
    assert.equal(tries, 1);
    assert.doesNotThrow(() => afterFirstResourceOperation(undefined)("Create"));
  });
});
