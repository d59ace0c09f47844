import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { localDir } from "../../toolchain/env";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/tools/schema-builder";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { pluginTarball, pluginVersion } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import { prepareWorkspace, type LanguageWorkspace } from "../languages/workspaces";

const TYPE = "nodion:index:Deployment";

/** A loopback HTTP server holding one file, counting what is asked of it. */
async function serveFile(file: string): Promise<{ url: string; asked: string[]; close(): void }> {
  const asked: string[] = [];
  const name = `/${path.basename(file)}`;
  const server = http.createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    if (req.url !== name) {
      res.writeHead(404).end();
      return;
    }
    // The engine checks that it received the whole file.
    res.writeHead(200, {
      "content-type": "application/gzip",
      "content-length": fs.statSync(file).size,
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, asked, close: () => server.close() };
}

/**
 * As a stranger installs the plugin: a Python program with the generated SDK (which carries the
 * schema's pluginDownloadURL), a fresh PULUMI_HOME, no `pulumi plugin install`. The engine
 * downloads the plugin by itself; the download URL is pointed at a loopback server with
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES (the real one is the repository's GitHub releases).
 */
describe("the engine installs the nodion plugin by itself (pluginDownloadURL, Python program)", () => {
  let emulator: RunningEmulator;
  let workspace: LanguageWorkspace;
  let releases: Awaited<ReturnType<typeof serveFile>>;
  let home: string;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    releases = await serveFile(await pluginTarball());
    workspace = prepareWorkspace("python");
    home = path.join(localDir, "tests", `engine-install-home-${process.pid}`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(home, { recursive: true });
    stack = await TestStack.create({
      program: workspace.program,
      config: {
        applicationId: SEED_API_APP_ID,
        trigger: "sha-1",
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: {
        ...workspace.env,
        PULUMI_HOME: home,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_DOWNLOAD_URL.replace(/[.]/g, "\\.")}=${releases.url}`,
      },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
    releases?.close();
    if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
    if (workspace !== undefined) fs.rmSync(workspace.program, { recursive: true, force: true });
  });

  it("starts with no nodion plugin installed", () => {
    assert.ok(!fs.existsSync(path.join(home, "plugins", `resource-nodion-v${pluginVersion}`)));
  });

  it("downloads the plugin's archive once and creates one deployment with one POST", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const archive = `/pulumi-resource-nodion-v${pluginVersion}-linux-amd64.tar.gz`;
    assert.deepEqual(releases.asked, [`GET ${archive}`]);
    const installed = path.join(home, "plugins", `resource-nodion-v${pluginVersion}`);
    assert.ok(fs.existsSync(path.join(installed, "pulumi-resource-nodion")), "installed");
    assert.equal(await countRequests(emulator, "POST"), 1);
    const out = await stack.outputs();
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
  });

  it("deploys exactly once more (one POST) when the trigger changes, downloading nothing", async () => {
    await emulator.control.clearRequests();
    await stack.setConfig("trigger", "sha-2");
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.deepEqual(await mutatingRequests(emulator), [
      `POST /v1/applications/${SEED_API_APP_ID}/deployments`,
    ]);
    assert.equal((await stack.outputs()).deployNumber, 2);
    assert.equal(releases.asked.length, 1);
  });

  it("refreshes without any mutating request", async () => {
    await emulator.control.clearRequests();
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("destroys without any mutating request", async () => {
    await emulator.control.clearRequests();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
    assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
  });
});

/**
 * What a user sees when the engine can neither find the plugin nor download it (the README quotes
 * it): the release is missing (the loopback server answers 404 for everything).
 */
describe("the engine cannot find or download the nodion plugin (Python program)", () => {
  let emulator: RunningEmulator;
  let workspace: LanguageWorkspace;
  let releases: Awaited<ReturnType<typeof serveFile>>;
  let home: string;
  let stack: TestStack;

  before(async () => {
    emulator = await startTestEmulator();
    releases = await serveFile(path.join(localDir, "no-such-archive.tar.gz"));
    workspace = prepareWorkspace("python");
    home = path.join(localDir, "tests", `engine-missing-home-${process.pid}`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(home, { recursive: true });
    stack = await TestStack.create({
      program: workspace.program,
      config: { applicationId: SEED_API_APP_ID, trigger: "sha-1", "nodion:baseUrl": emulator.url },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
      env: {
        ...workspace.env,
        PULUMI_HOME: home,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_DOWNLOAD_URL.replace(/[.]/g, "\\.")}=${releases.url}`,
      },
    });
  });

  after(async () => {
    await stack?.remove();
    await emulator?.close();
    releases?.close();
    if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
    if (workspace !== undefined) fs.rmSync(workspace.program, { recursive: true, force: true });
  });

  it("fails naming the plugin and its version, suggests pulumi plugin install, posts nothing", async () => {
    const up = await stack.up();
    assert.notEqual(up.code, 0, "up fails");
    assert.ok(releases.asked.length >= 1, "the engine tried the download");
    assert.match(up.output, new RegExp(`nodion.*v?${pluginVersion.replace(/\./g, "\\.")}`));
    assert.match(up.output, /pulumi plugin install resource nodion/);
    assert.equal(await countRequests(emulator, "POST"), 0);
  });
});
