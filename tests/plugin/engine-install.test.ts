import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { localDir } from "../../toolchain/env";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/tools/schema-builder";
import { countRequests, mutatingRequests, startTestEmulator } from "../helpers/nodion";
import { pluginTarball, pluginVersion } from "../helpers/plugin";
import { triggerChangeDeploysOnce } from "../helpers/plugin-steps";
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

/** A Python program's stack with a fresh PULUMI_HOME whose plugin downloads go to `releases`. */
interface DownloadFixture {
  readonly emulator: RunningEmulator;
  readonly releases: Awaited<ReturnType<typeof serveFile>>;
  readonly home: string;
  readonly stack: TestStack;
}

/**
 * Registers before/after hooks that set up {@link DownloadFixture} (the loopback server holding
 * `file`) and tear it down; returns a getter for it.
 */
function useDownloadFixture(name: string, file: () => Promise<string>): () => DownloadFixture {
  let fixture: DownloadFixture | undefined;
  let workspace: LanguageWorkspace | undefined;

  before(async () => {
    const emulator = await startTestEmulator();
    const releases = await serveFile(await file());
    workspace = prepareWorkspace("python");
    const home = path.join(localDir, "tests", `${name}-home-${process.pid}`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(home, { recursive: true });
    const stack = await TestStack.create({
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
    fixture = { emulator, releases, home, stack };
  });

  after(async () => {
    await fixture?.stack.remove();
    await fixture?.emulator.close();
    fixture?.releases.close();
    if (fixture !== undefined) fs.rmSync(fixture.home, { recursive: true, force: true });
    if (workspace !== undefined) fs.rmSync(workspace.program, { recursive: true, force: true });
  });

  return () => {
    if (fixture === undefined) throw new Error("the download fixture was not set up");
    return fixture;
  };
}

/**
 * As a stranger installs the plugin: a Python program with the generated SDK (which carries the
 * schema's pluginDownloadURL), a fresh PULUMI_HOME, no `pulumi plugin install`. The engine
 * downloads the plugin by itself; the download URL is pointed at a loopback server with
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES (the real one is the repository's GitHub releases).
 */
describe("the engine installs the nodion plugin by itself (pluginDownloadURL, Python program)", () => {
  const fixture = useDownloadFixture("engine-install", pluginTarball);

  it("starts with no nodion plugin installed", () => {
    const { home } = fixture();
    assert.ok(!fs.existsSync(path.join(home, "plugins", `resource-nodion-v${pluginVersion}`)));
  });

  it("downloads the plugin's archive once and creates one deployment with one POST", async () => {
    const { emulator, releases, home, stack } = fixture();
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
    const { emulator, releases, stack } = fixture();
    await triggerChangeDeploysOnce(stack, emulator, SEED_API_APP_ID);
    assert.equal(releases.asked.length, 1);
  });

  it("refreshes without any mutating request", async () => {
    const { emulator, stack } = fixture();
    await emulator.control.clearRequests();
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.deepEqual(await mutatingRequests(emulator), []);
  });

  it("destroys without any mutating request", async () => {
    const { emulator, stack } = fixture();
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
  const fixture = useDownloadFixture("engine-missing", async () =>
    path.join(localDir, "no-such-archive.tar.gz"),
  );

  it("fails naming the plugin and its version, suggests pulumi plugin install, posts nothing", async () => {
    const { emulator, releases, stack } = fixture();
    const up = await stack.up();
    assert.notEqual(up.code, 0, "up fails");
    assert.ok(releases.asked.length >= 1, "the engine tried the download");
    assert.match(up.output, new RegExp(`nodion.*v?${pluginVersion.replace(/\./g, "\\.")}`));
    assert.match(up.output, /pulumi plugin install resource nodion/);
    assert.equal(await countRequests(emulator, "POST"), 0);
  });
});
