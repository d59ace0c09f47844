import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot, toolchainLink } from "../../toolchain/env";
import { pluginVersion } from "../helpers/plugin";

const exec = promisify(execFile);

/** The files of a tar archive (`tar -tzf`), without a leading `./`. */
async function tarList(archive: string): Promise<string[]> {
  const { stdout } = await exec("tar", ["-tzf", archive], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split("\n")
    .filter((line) => line !== "" && line !== "./")
    .map((line) => line.replace(/^\.\//, ""));
}

/** The files of a wheel (a zip), through the toolchain's Python. */
async function wheelList(wheel: string): Promise<string[]> {
  const python = path.join(toolchainLink, "python", "bin", "python");
  const code = "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))";
  const { stdout } = await exec(python, ["-c", code, wheel]);
  return stdout.split("\n").filter((line) => line !== "");
}

// The release command on a fresh clone: `npm ci` (prepare compiles dist/), then
// toolchain/release.sh, as the README and the release workflow run it.
describe("the release command (npm run release) on a fresh clone", () => {
  const version = pluginVersion;
  let tmp: string;
  let out: string;
  let written: string[];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-release-"));
    const clone = path.join(tmp, "clone");
    out = path.join(tmp, "release");
    await exec("git", ["clone", "--quiet", repoRoot, clone]);
    const env = {
      ...process.env,
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      PYTHON: path.join(toolchainLink, "python", "bin", "python"),
    };
    await exec("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: clone, env });
    await exec("bash", ["toolchain/release.sh", "--out", out], { cwd: clone, env });
    written = fs.readdirSync(out).sort();
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes the plugin archive, the npm package, the Node.js SDK and the Python wheel", () => {
    assert.deepEqual(written, [
      `pulumi-nodion-${version}.tgz`,
      `pulumi-nodion-nodion-${version}.tgz`,
      `pulumi-resource-nodion-v${version}-linux-amd64.tar.gz`,
      `pulumi_nodion-${version}-py3-none-any.whl`,
    ]);
  });

  it("the plugin archive holds the executable at its root, with its licence and notices", async () => {
    const files = await tarList(
      path.join(out, `pulumi-resource-nodion-v${version}-linux-amd64.tar.gz`),
    );
    assert.deepEqual(files.sort(), [
      "LICENSE",
      "README.md",
      "THIRD-PARTY-NOTICES.md",
      "pulumi-resource-nodion",
    ]);
  });

  it("the Node.js SDK tarball is @pulumi-nodion/nodion, compiled, naming the plugin", async () => {
    const tarball = path.join(out, `pulumi-nodion-nodion-${version}.tgz`);
    const files = await tarList(tarball);
    for (const file of [
      "package/package.json",
      "package/index.js",
      "package/index.d.ts",
      "package/deployment.js",
    ]) {
      assert.ok(files.includes(file), `${file} in ${files.join(", ")}`);
    }
    assert.ok(
      !files.some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      "no TypeScript sources",
    );
    const { stdout } = await exec("tar", ["-xzOf", tarball, "package/package.json"]);
    const manifest = JSON.parse(stdout) as {
      name: string;
      version: string;
      pulumi: { name: string; server: string };
    };
    assert.equal(manifest.name, "@pulumi-nodion/nodion");
    assert.equal(manifest.version, version);
    assert.deepEqual(
      [manifest.pulumi.name, manifest.pulumi.server],
      ["nodion", "github://api.github.com/pulumi-nodion"],
    );
  });

  it("the wheel holds pulumi_nodion with its plugin file", async () => {
    const files = await wheelList(path.join(out, `pulumi_nodion-${version}-py3-none-any.whl`));
    for (const file of [
      "pulumi_nodion/__init__.py",
      "pulumi_nodion/deployment.py",
      "pulumi_nodion/pulumi-plugin.json",
    ]) {
      assert.ok(files.includes(file), `${file} in the wheel`);
    }
  });
});
