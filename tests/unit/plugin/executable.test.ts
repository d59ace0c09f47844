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
import { BUNDLE_FILE, packPlugin } from "../../../provider/plugin/tools/pack-plugin";
import { bundlePlugin, type BundledPackage } from "../../../provider/plugin/tools/bundle-plugin";
import { buildExecutable } from "../../../provider/plugin/tools/single-executable";
import { buildableTargets, nativeTarget } from "../../../provider/plugin/tools/targets";
import { rpc } from "./grpc-js";

const root = path.resolve(__dirname, "..", "..", "..");

/** The plugin started as the engine starts it; resolves with the port it prints. */
async function startPlugin(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ port: number; child: ChildProcessByStdio<null, Readable, Readable> }> {
  const child = spawn(command, [], { stdio: ["ignore", "pipe", "pipe"], env });
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

/**
 * The plugin archive of this machine (linux-amd64 here), as `npm run plugin:pack` builds it: a
 * Node.js single executable with the bundled plugin and its schema inside.
 */
describe("plugin executable", function () {
  this.timeout(180_000);
  let dir: string;
  let unpacked: string;
  let packages: BundledPackage[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-executable-"));
    const [archive] = await packPlugin(path.join(dir, "work"), path.join(dir, "out"));
    assert.ok(archive !== undefined);
    unpacked = path.join(dir, "unpacked");
    fs.mkdirSync(unpacked);
    const tar = spawnSync("tar", ["-xzf", archive, "-C", unpacked]);
    assert.equal(tar.status, 0, String(tar.stderr));
    packages = await bundlePlugin(path.join(dir, "again", BUNDLE_FILE));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the archive holds the executable at its root, with the licence, README and notices", () => {
    assert.deepEqual(fs.readdirSync(unpacked).sort(), [
      "LICENSE",
      "README.md",
      "THIRD-PARTY-NOTICES.md",
      "pulumi-resource-nodion",
    ]);
    const mode = fs.statSync(path.join(unpacked, "pulumi-resource-nodion")).mode;
    assert.ok((mode & 0o111) !== 0, "executable");
  });

  it("bundles grpc-js, protobuf, axios and the generated classes; not form-data nor Pulumi's runtime", () => {
    const names = packages.map((p) => p.name);
    for (const needed of ["@grpc/grpc-js", "axios", "google-protobuf", "@pulumi/pulumi"]) {
      assert.ok(names.includes(needed), `${needed} is bundled (got ${names.join(", ")})`);
    }
    const pulumi = packages.filter((p) => p.name === "@pulumi/pulumi").flatMap((p) => p.files);
    assert.deepEqual(
      pulumi.filter((f) => !f.startsWith("proto/")),
      [],
      "only @pulumi/pulumi's generated classes",
    );
    assert.ok(!names.includes("typescript") && !names.includes("esbuild"));
    // axios's multipart support is replaced by provider/plugin/no-form-data.ts.
    assert.ok(!names.includes("form-data") && !names.includes("mime-db"), names.join(", "));
    // grpc-js's admin services (and with them protobufjs) stay out.
    assert.ok(!names.includes("@grpc/proto-loader") && !names.includes("protobufjs"));
  });

  it("the bundle holds no dynamic import(), which a single executable with a code cache cannot run", () => {
    const text = fs.readFileSync(path.join(dir, "again", BUNDLE_FILE), "utf8");
    assert.deepEqual(text.match(/(?<![\w.$])import\s*\(/g) ?? [], []);
  });

  it("the notices name Node.js and every bundled package with its licence text", () => {
    const notices = fs.readFileSync(path.join(unpacked, "THIRD-PARTY-NOTICES.md"), "utf8");
    assert.match(
      notices,
      new RegExp(`^## Node\\.js ${nativeTarget().nodeVersion.replace(/\./g, "\\.")}$`, "m"),
    );
    assert.match(notices, /Node\.js is licensed for use as follows/);
    for (const p of packages) assert.ok(notices.includes(`## ${p.name} ${p.version}`), p.name);
    assert.match(notices, /Apache License/);
  });

  it("starts with no node on PATH (an empty environment) and deploys once through gRPC", async () => {
    const plugin = await startPlugin(path.join(unpacked, "pulumi-resource-nodion"), {});
    const emulator = await startEmulator({ buildMs: 60_000 });
    const client = new ResourceProviderClient(
      `127.0.0.1:${plugin.port}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const info = await rpc<proto.GetSchemaResponse>((cb) =>
        client.getSchema(new proto.GetSchemaRequest(), cb),
      );
      assert.equal(info.getSchema(), fs.readFileSync(path.join(root, "schema.json"), "utf8"));
      const configure = new proto.ConfigureRequest();
      configure.setArgs(toStruct({ apiKey: secret(SEED_PROJECT_KEY), baseUrl: emulator.url }));
      await rpc((cb) => client.configure(configure, cb));
      const inputs = { applicationId: SEED_API_APP_ID, triggers: ["sha-1"], wait: "none" };
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
      await stop(plugin.child);
    }
  });

  it("answers a method it does not offer with UNIMPLEMENTED, naming it", async () => {
    const plugin = await startPlugin(path.join(unpacked, "pulumi-resource-nodion"), {});
    const client = new ResourceProviderClient(
      `127.0.0.1:${plugin.port}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const err = await rpc((cb) => client.getMapping(new proto.GetMappingRequest(), cb)).then(
        () => assert.fail("GetMapping should fail"),
        (e: grpc.ServiceError) => e,
      );
      assert.equal(err.code, grpc.status.UNIMPLEMENTED);
      assert.equal(err.details, "GetMapping is not implemented by the nodion provider");
    } finally {
      client.close();
      await stop(plugin.child);
    }
  });

  it("starts without V8's code cache, on another Node.js 24 (as every cross build is made)", async () => {
    // windows-amd64's Node.js: its blob is made by this machine's Node.js of that version.
    const windows = buildableTargets().find((t) => t.os === "windows");
    assert.ok(windows !== undefined);
    const built = buildExecutable(
      {
        bundle: path.join(dir, "again", BUNDLE_FILE),
        assets: { "schema.json": path.join(root, "schema.json") },
        work: path.join(dir, "cross-sea"),
        out: path.join(dir, "cross-pulumi-resource-nodion"),
        codeCache: false,
      },
      { ...nativeTarget(), nodeVersion: windows.nodeVersion },
    );
    assert.equal(built.codeCache, false);
    const plugin = await startPlugin(built.file, {});
    const client = new ResourceProviderClient(
      `127.0.0.1:${plugin.port}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const res = await rpc<proto.GetSchemaResponse>((cb) =>
        client.getSchema(new proto.GetSchemaRequest(), cb),
      );
      assert.equal(res.getSchema(), fs.readFileSync(path.join(root, "schema.json"), "utf8"));
    } finally {
      client.close();
      await stop(plugin.child);
    }
  });
});
