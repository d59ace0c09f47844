import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../toolchain/env";

const exec = promisify(execFile);
const rootPackage = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  readonly devDependencies: Readonly<Record<string, string>>;
};

/**
 * A stranger's shell: this Node.js first on PATH, no `pulumi` on it (@pulumi/command's install
 * script, which `npm ci` and npm's git route run, would try to download a plugin with it), and
 * none of the `npm_*` variables that an outer `npm test` exports to its children.
 */
function strangerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_")) env[key] = value;
  }
  const dirs = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "pulumi")));
  env.PATH = [path.dirname(process.execPath), ...dirs].join(path.delimiter);
  return env;
}

const env = strangerEnv();
const FLAGS = ["--no-audit", "--no-fund", "--prefer-offline"] as const;

/** Runs a command in `cwd`, failing the test with its output when it fails. */
async function run(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    return (await exec(cmd, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    assert.fail(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? err}`);
  }
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/**
 * Source maps in the package at `dir` that point at something it does not contain: a `.map`
 * whose sources are missing, or a `sourceMappingURL` comment naming a missing map.
 */
function danglingMaps(dir: string): string[] {
  const dangling: string[] = [];
  for (const file of filesUnder(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith(".map")) {
      const map = JSON.parse(fs.readFileSync(full, "utf8")) as {
        readonly sourceRoot?: string;
        readonly sources?: readonly string[];
      };
      for (const source of map.sources ?? []) {
        const target = path.resolve(path.dirname(full), map.sourceRoot ?? "", source);
        if (!fs.existsSync(target)) dangling.push(`${file} -> ${source}`);
      }
    } else if (file.endsWith(".js")) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(full, "utf8"))?.[1];
      if (url !== undefined && !url.startsWith("data:")) {
        if (!fs.existsSync(path.resolve(path.dirname(full), url))) {
          dangling.push(`${file} -> ${url}`);
        }
      }
    }
  }
  return dangling;
}

/** What a consumer's `require` finds, as printed by a plain Node.js process in the project. */
interface Loaded {
  readonly deployment: string;
  readonly client: string;
  readonly packageDir: string;
  readonly pulumiSeenByPackage: string;
}

const LOAD = `const path = require("node:path");
const { NodionDeployment } = require("pulumi-nodion");
const { NodionClient } = require("pulumi-nodion/client");
const packageDir = path.dirname(require.resolve("pulumi-nodion/package.json"));
console.log(JSON.stringify({
  deployment: typeof NodionDeployment,
  client: typeof NodionClient,
  packageDir,
  pulumiSeenByPackage: require.resolve("@pulumi/pulumi", { paths: [packageDir] }),
}));
`;

/**
 * A fresh project at `dir` (outside the repository) that installs `spec` the way a user would,
 * with the @pulumi/pulumi peer the repository tests against, then loads the package from there.
 */
async function installInto(
  dir: string,
  spec: string,
  extraFlags: readonly string[] = [],
): Promise<Loaded> {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: path.basename(dir), private: true };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  const pulumi = `@pulumi/pulumi@${rootPackage.devDependencies["@pulumi/pulumi"]}`;
  await run("npm", ["install", ...FLAGS, ...extraFlags, spec, pulumi], dir);
  fs.writeFileSync(path.join(dir, "load.js"), LOAD);
  return JSON.parse(await run(process.execPath, ["load.js"], dir)) as Loaded;
}

/** The checks every route shares: the package loads, is a copy, and shares the user's Pulumi. */
function assertWorkingCopy(project: string, loaded: Loaded): void {
  assert.equal(loaded.deployment, "function", "require('pulumi-nodion').NodionDeployment");
  assert.equal(loaded.client, "function", "require('pulumi-nodion/client').NodionClient");
  const installed = path.join(project, "node_modules", "pulumi-nodion");
  assert.equal(fs.realpathSync(loaded.packageDir), fs.realpathSync(installed));
  assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "an installed copy, not a link");
  assert.equal(
    loaded.pulumiSeenByPackage,
    path.join(fs.realpathSync(project), "node_modules", "@pulumi", "pulumi", "index.js"),
    "the package loads the project's @pulumi/pulumi, not a copy of its own",
  );
  const files = filesUnder(installed);
  assert.ok(files.includes("dist/provider/index.js"), "dist/ was built");
  assert.ok(files.includes("LICENSE"));
  assert.deepEqual(danglingMaps(installed), []);
}

// These run only npm, git and node (no Pulumi CLI). A clone holds HEAD's commit: what a user
// gets from git, not the working tree's uncommitted changes.
describe("installs without a registry: npm pack of a clone, a path to a clone, a git URL", () => {
  let tmp: string;
  let clone: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-routes-"));
    clone = path.join(tmp, "clone");
    await run("git", ["clone", "--quiet", repoRoot, clone], tmp);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("npm pack --dry-run --json in a fresh clone prints one JSON report listing dist/", async () => {
    // prepare installs the build dependencies itself; npm's dry-run and json settings must not
    // reach that install (nothing would be installed), and its output must stay off stdout.
    const fresh = path.join(tmp, "dry-run-clone");
    await run("git", ["clone", "--quiet", repoRoot, fresh], tmp);
    const stdout = await run("npm", ["pack", "--dry-run", "--json", ...FLAGS], fresh);
    const report = JSON.parse(stdout) as { name: string; files: { path: string }[] }[];
    assert.equal(report.length, 1, "one package in one report");
    assert.equal(report[0]?.name, "pulumi-nodion");
    const files = report[0]?.files.map((f) => f.path) ?? [];
    for (const entry of [
      "dist/provider/index.js",
      "dist/client/index.js",
      "dist/emulator/cli.js",
    ]) {
      assert.ok(files.includes(entry), `the report lists ${entry}`);
    }
    assert.ok(fs.existsSync(path.join(fresh, "node_modules", "typescript")), "deps installed");
  });

  it("npm ci in a fresh clone builds dist/; npm pack ships it, no dangling map", async () => {
    assert.ok(!fs.existsSync(path.join(clone, "dist")), "a fresh clone has no dist/");
    await run("npm", ["ci", ...FLAGS], clone);
    assert.ok(fs.existsSync(path.join(clone, "dist", "provider", "index.js")), "prepare built");

    const packed = path.join(tmp, "packed");
    fs.mkdirSync(packed);
    const name = (await run("npm", ["pack", "--silent", "--pack-destination", packed], clone))
      .trim()
      .split("\n")
      .pop();
    const tarball = path.join(packed, name ?? "");
    const unpacked = path.join(tmp, "unpacked");
    fs.mkdirSync(unpacked);
    await run("tar", ["-xzf", tarball, "-C", unpacked], tmp);
    const files = filesUnder(path.join(unpacked, "package"));
    for (const entry of [
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/handlers.js",
      "dist/client/index.js",
      "dist/emulator/cli.js",
      "LICENSE",
      "README.md",
    ]) {
      assert.ok(files.includes(entry), `the tarball holds ${entry}`);
    }
    assert.deepEqual(danglingMaps(path.join(unpacked, "package")), []);

    const project = path.join(tmp, "from-tarball");
    assertWorkingCopy(project, await installInto(project, tarball));
  });

  it("npm install --install-links <path> builds a fresh clone with no node_modules", async () => {
    const fresh = path.join(tmp, "fresh-clone");
    await run("git", ["clone", "--quiet", repoRoot, fresh], tmp);
    assert.ok(!fs.existsSync(path.join(fresh, "dist")), "no dist/ before");
    assert.ok(!fs.existsSync(path.join(fresh, "node_modules")), "no node_modules before");

    const project = path.join(tmp, "from-path");
    assertWorkingCopy(project, await installInto(project, fresh, ["--install-links"]));
  });

  it("npm install git+file://<clone> builds dist/ in npm's own checkout", async () => {
    const project = path.join(tmp, "from-git");
    const url = `git+file://${clone.split(path.sep).join("/")}`;
    assertWorkingCopy(project, await installInto(project, url));
  });
});
