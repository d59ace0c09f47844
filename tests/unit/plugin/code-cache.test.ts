import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cacheFileFor, loadWithCodeCache } from "../../../provider/plugin/code-cache";

/** A CommonJS module with work for V8 to compile, a sibling it requires and a Node built-in. */
function moduleSource(factor: number): string {
  return [
    `const { double } = require("./helper");`,
    `const os = require("node:os");`,
    `function work(n) { let total = 0; for (let i = 0; i < n; i++) total += double(i) * ${factor}; return total; }`,
    `module.exports = { work, file: __filename, dir: __dirname, isMain: require.main === module, eol: os.EOL };`,
  ].join("\n");
}

describe("loadWithCodeCache", () => {
  let dir: string;
  let file: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-code-cache-"));
    file = path.join(dir, "bundle.js");
    cacheDir = path.join(dir, "code-cache");
    fs.writeFileSync(path.join(dir, "helper.js"), "exports.double = (x) => 2 * x;\n");
    fs.writeFileSync(file, moduleSource(3));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  type Loaded = { work(n: number): number; file: string; dir: string; isMain: boolean };

  it("runs the file as CommonJS: its own require, __filename, __dirname; not as the main module", () => {
    const loaded = loadWithCodeCache(file, undefined);
    const exports = loaded.exports as Loaded;
    assert.equal(exports.work(4), 36);
    assert.equal(exports.file, file);
    assert.equal(exports.dir, dir);
    assert.equal(exports.isMain, false, "an `if (require.main === module)` entry must not run");
    assert.equal(loaded.status, "off");
    assert.equal(loaded.save(), false);
    assert.ok(!fs.existsSync(cacheDir));
  });

  it("writes the cache once asked, and the next load takes it without writing again", () => {
    const first = loadWithCodeCache(file, cacheDir);
    assert.equal(first.status, "missing");
    (first.exports as Loaded).work(10);
    assert.equal(first.save(), true);
    const cacheFile = cacheFileFor(cacheDir, fs.readFileSync(file));
    assert.equal(first.cacheFile, cacheFile);
    const written = fs.statSync(cacheFile);
    assert.ok(written.size > 0);
    assert.equal(written.mode & 0o777, 0o600);
    assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700);

    const second = loadWithCodeCache(file, cacheDir);
    assert.equal(second.status, "accepted");
    assert.equal((second.exports as Loaded).work(4), 36);
    assert.equal(second.save(), false, "an accepted cache is already on disk");
    assert.equal(fs.statSync(cacheFile).mtimeMs, written.mtimeMs);
  });

  it("never offers the cache of another bundle, even one of the same length, and drops it on save", () => {
    const first = loadWithCodeCache(file, cacheDir);
    first.save();
    const old = first.cacheFile;
    assert.ok(old !== undefined && fs.existsSync(old));
    // Same length as before (V8's own check compares lengths, not content).
    fs.writeFileSync(file, moduleSource(5));
    assert.equal(fs.statSync(file).size, Buffer.byteLength(moduleSource(3)));
    const changed = loadWithCodeCache(file, cacheDir);
    assert.equal(changed.status, "missing");
    assert.equal((changed.exports as Loaded).work(4), 60, "the new code runs");
    assert.notEqual(changed.cacheFile, old);
    assert.equal(changed.save(), true);
    assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(changed.cacheFile ?? "")]);
  });

  it("compiles from source when V8 refuses the cached data, and replaces it", () => {
    const cacheFile = cacheFileFor(cacheDir, fs.readFileSync(file));
    fs.mkdirSync(cacheDir);
    const garbage = Buffer.alloc(4096, 7);
    fs.writeFileSync(cacheFile, garbage);
    const loaded = loadWithCodeCache(file, cacheDir);
    assert.equal(loaded.status, "rejected");
    assert.equal((loaded.exports as Loaded).work(4), 36);
    assert.equal(loaded.save(), true);
    assert.ok(!fs.readFileSync(cacheFile).equals(garbage));
    assert.equal(loadWithCodeCache(file, cacheDir).status, "accepted");
  });

  it("carries on when the cache cannot be written", () => {
    // A file where the cache folder should be: mkdir and write both fail.
    fs.writeFileSync(cacheDir, "not a folder");
    const loaded = loadWithCodeCache(file, cacheDir);
    assert.equal(loaded.status, "missing");
    assert.equal((loaded.exports as Loaded).work(1), 0);
    assert.equal(loaded.save(), false);
    assert.deepEqual(
      fs.readdirSync(dir).sort(),
      ["bundle.js", "code-cache", "helper.js"],
      "no temporary file left behind",
    );
  });
});
