import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { localDir, pulumiEnv, repoRoot } from "../../toolchain/env";
import { runPulumi } from "../../toolchain/run-pulumi";
import { packPlugin } from "../../provider/plugin/tools/pack-plugin";

/** The program with nodion:index:Deployment resources of the plugin, inputs from config. */
export const pluginProgram = path.join(__dirname, "..", "programs", "plugin");

/** The package (and plugin) version. */
export const pluginVersion = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;

let tarball: Promise<string> | undefined;

/** Folders this process made (plugin homes, its pack folder): removed when the process exits. */
const madeHere: string[] = [];

function removeAtExit(dir: string): void {
  if (madeHere.length === 0) {
    process.once("exit", () => {
      for (const made of madeHere) fs.rmSync(made, { recursive: true, force: true });
    });
  }
  madeHere.push(dir);
}

/**
 * The plugin archive of this checkout for this machine (linux-amd64 here: the single executable).
 * `npm test` packs it once for all its workers (toolchain/test.sh) and names it in
 * `PULUMI_NODION_TEST_PLUGIN_ARCHIVE`; a process started any other way (one file under mocha, a
 * benchmark) builds it once from the current sources (`npm run build`, then the pack script
 * `npm run plugin:pack` runs), into a folder of its own: a test run and a benchmark in one
 * checkout must not rewrite each other's archive while the other installs it.
 */
export function pluginTarball(): Promise<string> {
  const packed = process.env.PULUMI_NODION_TEST_PLUGIN_ARCHIVE;
  if (packed !== undefined && packed !== "") {
    if (!fs.existsSync(packed)) {
      throw new Error(`PULUMI_NODION_TEST_PLUGIN_ARCHIVE names ${packed}, which does not exist`);
    }
    return Promise.resolve(packed);
  }
  tarball ??= buildAndPack();
  return tarball;
}

async function buildAndPack(): Promise<string> {
  const build = spawnSync(
    process.execPath,
    [path.join(repoRoot, "toolchain", "build-package.cjs")],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
  if (build.status !== 0) throw new Error("npm run build failed");
  const out = path.join(localDir, `plugin-pack-${process.pid}`);
  removeAtExit(out);
  const [archive] = await packPlugin(path.join(out, "work"), out);
  if (archive === undefined) throw new Error("the pack wrote no archive");
  return archive;
}

/**
 * A PULUMI_HOME of its own with the plugin installed from the tarball, the way a user installs it
 * (`pulumi plugin install resource nodion <version> -f <tarball>`). The toolchain's shared home is
 * left alone: other tests and checkouts use it at the same time. Removed when this process exits.
 */
export async function pluginHome(name: string): Promise<string> {
  const home = path.join(localDir, "tests", `plugin-home-${name}-${process.pid}`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  removeAtExit(home);
  const env = pulumiEnv({ backendDir: path.join(home, "backend"), extra: { PULUMI_HOME: home } });
  const args = [
    "plugin",
    "install",
    "resource",
    "nodion",
    pluginVersion,
    "-f",
    await pluginTarball(),
  ];
  const run = await runPulumi(args, { cwd: repoRoot, env });
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${run.output}`);
  return home;
}
