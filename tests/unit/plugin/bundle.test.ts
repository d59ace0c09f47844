import * as assert from "node:assert/strict";
import { spawn, type ChildProcessByStdio } from "node:child_process";
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
  thirdPartyNotices,
  type BundledPackage,
} from "../../../provider/plugin/tools/pack-plugin";

const root = path.resolve(__dirname, "..", "..", "..");

/** The bundle started as the engine starts it; resolves with the port it prints. */
async function startBundle(
  node: string,
  file: string,
): Promise<{ port: number; child: ChildProcessByStdio<null, Readable, Readable> }> {
  const child = spawn(node, [file], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  assert.match(line, /^\d+\n$/);
  return { port: Number(line), child };
}

/**
 * The plugin as packed: one file bundled from the compiled `dist/` (which `npm test`'s set-up
 * builds), with the licences of what it bundles.
 */
describe("plugin bundle", function () {
  this.timeout(60_000);
  let dir: string;
  let packages: BundledPackage[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-bundle-"));
    packages = bundlePlugin(path.join(dir, BUNDLE_FILE));
    fs.copyFileSync(path.join(root, "schema.json"), path.join(dir, "schema.json"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("bundles axios, protobuf and the generated stubs; neither grpc-js nor Pulumi's runtime", () => {
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
  });

  it("lists every bundled package with its licence text", () => {
    const notices = thirdPartyNotices(packages);
    for (const p of packages) assert.ok(notices.includes(`## ${p.name} ${p.version}`), p.name);
    assert.match(notices, /Apache License/);
    assert.match(notices, /MIT License|Permission is hereby granted/);
  });

  it("starts on its own and prints the port it serves on", async () => {
    const { port, child } = await startBundle(process.execPath, path.join(dir, BUNDLE_FILE));
    child.kill();
    assert.ok(port > 0);
  });

  it("deploys on the oldest supported Node.js (20): configure, check, create with one POST", async () => {
    const node = path.join(oldestNodeDir(), "node");
    assert.ok(fs.existsSync(node), `the oldest Node.js is missing at ${node}: run npm run setup`);
    const emulator = await startEmulator({ buildMs: 60_000 });
    const { port, child } = await startBundle(node, path.join(dir, BUNDLE_FILE));
    const client = new ResourceProviderClient(
      `127.0.0.1:${port}`,
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
      child.kill();
      await emulator.close();
    }
  });
});
