import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BUNDLE_FILE,
  bundlePlugin,
  thirdPartyNotices,
  type BundledPackage,
} from "../../../provider/plugin/tools/pack-plugin";

const root = path.resolve(__dirname, "..", "..", "..");

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
    const child = spawn(process.execPath, [path.join(dir, BUNDLE_FILE)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    child.kill();
    assert.match(line, /^\d+\n$/);
    assert.ok(Number(line) > 0);
  });
});
