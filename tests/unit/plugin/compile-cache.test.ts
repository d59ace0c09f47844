import * as assert from "node:assert/strict";
import { compileCacheSaver } from "../../../provider/plugin/compile-cache";

describe("compileCacheSaver", () => {
  it("writes the cache once, after the first resource operation's answer", () => {
    let flushes = 0;
    const after = compileCacheSaver(() => flushes++);
    for (const method of ["Handshake", "GetPluginInfo", "CheckConfig", "Configure", "Check"]) {
      after(method);
    }
    assert.equal(flushes, 0, "start-up answers are not the point worth caching");
    after("Create");
    after("Create");
    after("Read");
    assert.equal(flushes, 1);
  });

  it("treats Read, Update and Delete like Create", () => {
    for (const method of ["Read", "Update", "Delete"]) {
      let flushes = 0;
      compileCacheSaver(() => flushes++)(method);
      assert.equal(flushes, 1, method);
    }
  });

  it("carries on when the cache cannot be written, and does nothing without flushCompileCache", () => {
    let tries = 0;
    const failing = compileCacheSaver(() => {
      tries++;
      throw new Error("EROFS: read-only file system");
    });
    assert.doesNotThrow(() => failing("Create"));
    failing("Update");
    assert.equal(tries, 1);
    assert.doesNotThrow(() => compileCacheSaver(undefined)("Create"));
  });
});
