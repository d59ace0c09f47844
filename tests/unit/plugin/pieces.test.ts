import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { coreId, parseImportId, pluginId } from "../../../provider/plugin/resource-ids";
import { tarballName } from "../../../provider/plugin/tools/pack-plugin";
import { topLevelProperty, withIgnoredKept } from "../../../provider/plugin/detailed-diff";
import { argsFromVariables, providerConfigOf } from "../../../provider/plugin/config";
import { concealKeys, revealMap, secret } from "../../../provider/plugin/wire";
import type { DeploymentOutputs } from "../../../provider/args";
import { UNKNOWN } from "../../../provider/validate";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const DEP = "9cc0d1b0-eb32-4ef8-a434-9f2890f7109e";
const root = path.resolve(__dirname, "..", "..", "..");

describe("plugin pieces", () => {
  it("ids are <applicationId>/<deploymentId>; the core sees the deployment id", () => {
    assert.equal(pluginId(APP, DEP), `${APP}/${DEP}`);
    assert.equal(coreId(`${APP}/${DEP}`), DEP);
    assert.equal(coreId(DEP), DEP);
    assert.deepEqual(parseImportId(`${APP}/${DEP}`), { applicationId: APP, deploymentId: DEP });
    for (const bad of [DEP, `${APP}/x`, `${APP}/${DEP}/${DEP}`, ""]) {
      assert.throws(() => parseImportId(bad), {
        message: /import id must be <applicationId>\/<deploymentId>/,
      });
    }
  });

  it("opens secrets at any depth and wraps the same top-level properties again", () => {
    const { plain, secretKeys } = revealMap({
      triggers: ["a", secret("b")],
      applicationId: APP,
      imageTag: secret("1"),
    });
    assert.deepEqual(plain, { triggers: ["a", "b"], applicationId: APP, imageTag: "1" });
    assert.deepEqual([...secretKeys].sort(), ["imageTag", "triggers"]);
    const out = concealKeys({ ...plain, status: "available", gitSha: null }, secretKeys);
    assert.deepEqual(out.triggers, secret(["a", "b"]));
    assert.equal(out.status, "available");
    assert.equal(out.gitSha, null);
  });

  it("reads provider config from args (secret, unknown and empty values) and old variables", () => {
    assert.deepEqual(
      providerConfigOf({ apiKey: secret("k"), baseUrl: UNKNOWN, projectId: "", version: "1" }),
      { apiKey: "k" },
    );
    assert.deepEqual(
      argsFromVariables(
        new Map([
          ["nodion:config:apiKey", "k"],
          ["aws:region", "x"],
        ]),
      ),
      {
        apiKey: "k",
      },
    );
  });

  it("ignoreChanges keeps the recorded value of the named top-level property", () => {
    assert.equal(topLevelProperty("triggers[0]"), "triggers");
    assert.equal(topLevelProperty("imageTag"), "imageTag");
    const olds = { applicationId: APP, triggers: ["a"] } as unknown as DeploymentOutputs;
    assert.deepEqual(
      withIgnoredKept(olds, { applicationId: APP, triggers: ["b"], imageTag: "2" }, [
        "triggers[0]",
        "imageTag",
      ]),
      { applicationId: APP, triggers: ["a"] },
    );
  });

  it("names the tarball for the platform", () => {
    assert.equal(
      tarballName("1.2.3", "linux", "x64"),
      "pulumi-resource-nodion-v1.2.3-linux-amd64.tar.gz",
    );
    assert.equal(
      tarballName("1.2.3", "darwin", "arm64"),
      "pulumi-resource-nodion-v1.2.3-darwin-arm64.tar.gz",
    );
  });

  it("the plugin server loads none of @pulumi/pulumi's runtime (only its gRPC stubs)", () => {
    const script = [
      "require('./provider/plugin/server');",
      "const sep = require('path').sep;",
      "const pulumi = ['node_modules', '@pulumi', 'pulumi', ''].join(sep);",
      "const loaded = Object.keys(require.cache).filter((f) => f.includes(pulumi));",
      "console.log(JSON.stringify(loaded.filter((f) => !f.includes(pulumi + 'proto' + sep))));",
    ].join("\n");
    const run = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", script],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split("\n").pop() ?? "null"), []);
  });

  it("a plugin that cannot start ends with the one line the engine shows, no stack trace", () => {
    const script = [
      "const { failedToStart } = require('./provider/plugin/main');",
      "failedToStart(new Error('listen EADDRINUSE 127.0.0.1'));",
    ].join("\n");
    const run = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", script],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(run.status, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "nodion: the provider plugin failed to start: Error: listen EADDRINUSE 127.0.0.1\n",
    );
  });
});
