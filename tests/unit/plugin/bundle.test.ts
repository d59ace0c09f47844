import * as assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Readable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { SEED_API_APP_ID, SEED_PROJECT_KEY, startEmulator } from "../../../emulator";
import { secret, toStruct } from "../../../provider/plugin/wire";
import { oldestNodeDir } from "../../../toolchain/env";
import { rpc } from "./grpc-js";
import {
  BUNDLE_FILE,
  bundlePlugin,
  bundleStart,
  START_FILE,
  thirdPartyNotices,
  type BundledPackage,
} from "../../../provider/plugin/tools/pack-plugin";

const root = path.resolve(__dirname, "..", "..", "..");

/** The plugin started as the engine starts it (`command...args`); resolves with the port it prints. */
async function startPlugin(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ port: number; child: ChildProcessByStdio<null, Readable, Readable> }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  assert.match(line, /^\d+\n$/);
  return { port: Number(line), child };
}

/** Ends a started plugin with SIGTERM and waits until it has exited. */
async function stop(child: ChildProcessByStdio<null, Readable, Readable>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** The code cache files in `dir` (`<node version>-<arch>-<hash>.v8cache`). */
function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".v8cache")) : [];
}

/** The code cache file of Node.js `version` that appears in `dir` within `ms` (checked every 20 ms). */
async function cacheFileAppears(dir: string, version: string, ms: number): Promise<string> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    const found = cacheFiles(dir).find((f) => f.startsWith(`${version}-`));
    if (found !== undefined) return path.join(dir, found);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no code cache of Node.js ${version} in ${dir} after ${ms} ms`);
}

/**
 * Configure, check and create through a started plugin against a fresh emulator: asserts one POST
 * and that the resource id names the deployment the emulator holds.
 */
async function deployThrough(plugin: { port: number }): Promise<void> {
  const emulator = await startEmulator({ buildMs: 60_000 });
  const client = new ResourceProviderClient(
    `127.0.0.1:${plugin.port}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const configure = new proto.ConfigureRequest();
    configure.setArgs(toStruct({ apiKey: secret(SEED_PROJECT_KEY), baseUrl: emulator.url }));
    await rpc((cb) => client.configure(configure, cb));
    const inputs = { applicationId: SEED_API_APP_ID, triggers: ["sha-1"], wait: "none" };
    const check = new proto.CheckRequest();
    check.setOlds(toStruct({}));
    check.setNews(toStruct(inputs));
    const checked = await rpc<proto.CheckResponse>((cb) => client.check(check, cb));
    assert.deepEqual(checked.getFailuresList(), []);
    const create = new proto.CreateRequest();
    create.setProperties(toStruct(inputs));
    const created = await rpc<proto.CreateResponse>((cb) => client.create(create, cb));
    const [deployment] = (await emulator.control.state()).state.deployments;
    assert.equal(created.getId(), `${SEED_API_APP_ID}/${deployment?.id}`);
    const posts = (await emulator.control.requests()).filter((r) => r.method === "POST");
    assert.equal(posts.length, 1);
  } finally {
    client.close();
    await emulator.close();
  }
}

/**
 * The plugin as packed: one file bundled from the compiled `dist/` (which `npm test`'s set-up
 * builds), with the licences of what it bundles.
 */
describe("plugin bundle", function () {
  this.timeout(60_000);
  let dir: string;
  let packages: BundledPackage[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-bundle-"));
    packages = await bundlePlugin(path.join(dir, BUNDLE_FILE));
    await bundleStart(path.join(dir, START_FILE));
    fs.copyFileSync(path.join(root, "schema.json"), path.join(dir, "schema.json"));
    const shim = path.join(dir, "pulumi-resource-nodion");
    fs.copyFileSync(path.join(root, "provider", "plugin", "bin", "pulumi-resource-nodion"), shim);
    fs.chmodSync(shim, 0o755);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("bundles axios, protobuf and the generated stubs; not grpc-js, form-data nor Pulumi's runtime", () => {
    const names = packages.map((p) => p.name);
    for (const needed of ["axios", "google-protobuf", "@pulumi/pulumi"]) {
      assert.ok(names.includes(needed), `${needed} is bundled (got ${names.join(", ")})`);
    }
    const pulumi = packages.filter((p) => p.name === "@pulumi/pulumi").flatMap((p) => p.files);
    assert.ok(pulumi.length > 0);
    assert.deepEqual(
      pulumi.filter((f) => !f.startsWith("proto/")),
      [],
      "only @pulumi/pulumi's generated gRPC stubs",
    );
    // gRPC is served on Node's own HTTP/2 (provider/plugin/grpc-server.ts).
    assert.ok(!names.some((n) => n.startsWith("@grpc/")), names.join(", "));
    assert.ok(!names.includes("typescript") && !names.includes("esbuild"));
    // axios's multipart support is replaced by provider/plugin/no-form-data.ts.
    assert.ok(!names.includes("form-data") && !names.includes("mime-db"), names.join(", "));
  });

  it("holds no dynamic import(), which start.js's vm.Script could not run", () => {
    // code-cache.ts compiles the bundle as a vm.Script without a dynamic-import hook.
    const text = fs.readFileSync(path.join(dir, BUNDLE_FILE), "utf8");
    assert.deepEqual(text.match(/(?<![\w.$])import\s*\(/g) ?? [], []);
  });

  it("lists every bundled package with its licence text", () => {
    const notices = thirdPartyNotices(packages);
    for (const p of packages) assert.ok(notices.includes(`## ${p.name} ${p.version}`), p.name);
    assert.match(notices, /Apache License/);
    assert.match(notices, /MIT License|Permission is hereby granted/);
  });

  it("starts on its own and prints the port it serves on", async () => {
    const { port, child } = await startPlugin(process.execPath, [path.join(dir, BUNDLE_FILE)]);
    await stop(child);
    assert.ok(port > 0);
  });

  it("start.js without its bundle ends with the one line the engine shows, no stack trace", () => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-start-"));
    try {
      fs.copyFileSync(path.join(dir, START_FILE), path.join(lonely, START_FILE));
      const run = spawnSync(process.execPath, [path.join(lonely, START_FILE)], {
        encoding: "utf8",
      });
      assert.equal(run.status, 1);
      assert.equal(run.stdout, "");
      assert.match(
        run.stderr,
        /^nodion: the provider plugin failed to start: Error: ENOENT[^\n]*pulumi-resource-nodion\.js'\n$/,
      );
    } finally {
      fs.rmSync(lonely, { recursive: true, force: true });
    }
  });

  it("deploys on the oldest supported Node.js (20) and keeps its code cache there too", async () => {
    const node = path.join(oldestNodeDir(), "node");
    assert.ok(fs.existsSync(node), `the oldest Node.js is missing at ${node}: run npm run setup`);
    const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
    assert.match(version, /^v20\./);
    const plugin = await startPlugin(node, [path.join(dir, START_FILE)]);
    try {
      await deployThrough(plugin);
      await cacheFileAppears(path.join(dir, "code-cache"), version, 5_000);
    } finally {
      await stop(plugin.child);
    }
  });

  it("deploys through the shim without loading Node's fetch (undici); the next start reuses the code cache", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-shim-"));
    // Records the Node.js modules the plugin loaded, when the test ends it.
    const preload = path.join(tmp, "module-list.js");
    const moduleList = path.join(tmp, "modules.txt");
    fs.writeFileSync(
      preload,
      `process.on("SIGTERM", () => { require("fs").writeFileSync(${JSON.stringify(moduleList)}, process.moduleLoadList.join("\\n")); process.exit(0); });\n`,
    );
    const shim = path.join(dir, "pulumi-resource-nodion");
    const env = { ...process.env, PULUMI_NODION_NODE: process.execPath };
    const cacheDir = path.join(dir, "code-cache");
    const plugin = await startPlugin(shim, [], { ...env, NODE_OPTIONS: `--require ${preload}` });
    try {
      await deployThrough(plugin);
      // Written by the plugin after its first create's answer, while it still runs: the engine
      // ends plugins with SIGKILL, so there is no "at exit".
      const cacheFile = await cacheFileAppears(cacheDir, process.version, 5_000);
      await stop(plugin.child);
      const loaded = fs.readFileSync(moduleList, "utf8").split("\n");
      assert.ok(loaded.includes("NativeModule http2"), "the list is the plugin's");
      assert.deepEqual(
        loaded.filter((m) => /undici/.test(m)),
        [],
        "axios's fetch probes are out of the bundle",
      );

      // A second start: V8 takes the cache (a refused or missing one would be written again).
      const written = fs.statSync(cacheFile);
      const again = await startPlugin(shim, [], env);
      try {
        await deployThrough(again);
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await stop(again.child);
      }
      const after = fs.statSync(cacheFile);
      assert.equal(after.mtimeMs, written.mtimeMs, "the cache was used, not rewritten");
      assert.equal(after.ino, written.ino);
      assert.deepEqual(cacheFiles(cacheDir), [path.basename(cacheFile)]);

      // Turned off: nothing read, nothing written.
      fs.rmSync(cacheDir, { recursive: true });
      const off = await startPlugin(shim, [], { ...env, PULUMI_NODION_CODE_CACHE: "off" });
      try {
        await deployThrough(off);
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await stop(off.child);
      }
      assert.ok(!fs.existsSync(cacheDir));
    } finally {
      await stop(plugin.child);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
