/**
 * Packs the plugin as Pulumi expects a provider's release archives:
 *
 *   npm run plugin:pack            # builds dist/, then this machine's archive:
 *                                  # dist/plugin/pulumi-resource-nodion-v<version>-<os>-<arch>.tar.gz
 *   npm run plugin:pack -- --all   # every platform of targets.ts's buildableTargets()
 *   npm run plugin:pack -- --out D # into folder D instead of dist/plugin
 *
 * Each archive holds, at its root, the single executable `pulumi-resource-nodion` (`.exe` on
 * Windows: Node.js with the bundled plugin and its schema inside, `single-executable.ts`),
 * LICENSE, the plugin's README and THIRD-PARTY-NOTICES.md. Nothing needs to be installed to run
 * it. The version is package.json's, like the schema's and the SDKs'.
 *
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundlePlugin, readPackageJson, root } from "./bundle-plugin";
import { thirdPartyNotices } from "./notices";
import { buildExecutable } from "./single-executable";
import { buildableTargets, executableName, nativeTarget, targetName, type Target } from "./targets";

/** The bundle's file name inside the work folder (never shipped on its own). */
export const BUNDLE_FILE = "pulumi-resource-nodion.js";

/** The archive's file name for `version` on `platform` and `arch` (Node.js's names or Pulumi's). */
export function tarballName(
  version: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  return `pulumi-resource-nodion-v${version}-${os}-${cpu}.tar.gz`;
}

/**
 * Builds the archive of each of `targets` (default: this machine's) into `outDir`, with `work`
 * as the scratch folder; returns the archives' paths in the order of `targets`.
 */
export async function packPlugin(
  work: string,
  outDir: string,
  targets: readonly Target[] = [nativeTarget()],
): Promise<string[]> {
  const { version } = readPackageJson(root);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bundle = path.join(work, BUNDLE_FILE);
  const packages = await bundlePlugin(bundle);
  const archives: string[] = [];
  for (const target of targets) {
    const name = targetName(target);
    const stage = path.join(work, name);
    fs.mkdirSync(stage, { recursive: true });
    const built = buildExecutable(
      {
        bundle,
        assets: { "schema.json": path.join(root, "schema.json") },
        work: path.join(work, `${name}-sea`),
        out: path.join(stage, executableName(target)),
      },
      target,
    );
    fs.writeFileSync(
      path.join(stage, "THIRD-PARTY-NOTICES.md"),
      thirdPartyNotices(packages, { version: built.nodeVersion, licenseFile: built.nodeLicense }),
    );
    fs.copyFileSync(path.join(root, "LICENSE"), path.join(stage, "LICENSE"));
    fs.copyFileSync(
      path.join(root, "provider", "plugin", "README.md"),
      path.join(stage, "README.md"),
    );
    const archive = path.join(outDir, tarballName(version, target.os, target.arch));
    const tar = spawnSync("tar", ["-czf", archive, "-C", stage, "."], { stdio: "inherit" });
    if (tar.status !== 0) throw new Error(`tar failed for ${archive}`);
    archives.push(archive);
  }
  return archives;
}

if (require.main === module) {
  const outFlag = process.argv.indexOf("--out");
  const out =
    outFlag === -1
      ? path.join(root, "dist", "plugin")
      : path.resolve(process.argv[outFlag + 1] ?? "");
  const targets = process.argv.includes("--all") ? buildableTargets() : [nativeTarget()];
  // The scratch folder: dist/plugin/work by default; beside nothing of the caller's with --out.
  const work =
    outFlag === -1
      ? path.join(out, "work")
      : fs.mkdtempSync(path.join(os.tmpdir(), "nodion-plugin-pack-"));
  packPlugin(work, out, targets).then(
    (archives) => {
      if (outFlag !== -1) fs.rmSync(work, { recursive: true, force: true });
      for (const archive of archives) {
        const mb = (fs.statSync(archive).size / 1e6).toFixed(1);
        console.error(`wrote ${path.relative(process.cwd(), archive)} (${mb} MB)`);
        if (outFlag !== -1) console.log(archive);
      }
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
