/**
 * Packs the plugin for `pulumi plugin install resource nodion <version> -f <tarball>`:
 *
 *   npm run plugin:pack   # builds dist/, then writes
 *                         # dist/plugin/pulumi-resource-nodion-v<version>-<os>-<arch>.tar.gz
 *
 * The tarball holds, at its root: the `pulumi-resource-nodion` shim, the compiled provider and SDK
 * (`dist/provider`, `dist/sdk`), `schema.json`, and a `node_modules` with only what the plugin
 * loads (axios, @grpc/grpc-js, google-protobuf, and `@pulumi/pulumi`'s `proto/` folder, each with
 * its own dependencies), copied from this checkout's node_modules as real files: the CLI refuses
 * symlinks that leave the plugin's folder. The version is package.json's, like the SDKs'.
 *
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");

/** Packages the plugin requires at run time; their own dependencies are followed. */
export const RUNTIME_PACKAGES = ["axios", "@grpc/grpc-js", "google-protobuf"] as const;

/** From `@pulumi/pulumi` only the generated gRPC stubs are needed (not its runtime). */
const PULUMI_PARTS = ["package.json", "proto", "LICENSE"] as const;

/** The tarball's file name for `version` on this machine's OS and architecture. */
export function tarballName(version: string, platform = process.platform, arch = process.arch) {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  return `pulumi-resource-nodion-v${version}-${os}-${cpu}.tar.gz`;
}

/**
 * The folders (relative to `root`) of `names` and everything they depend on, resolved the way
 * Node resolves them from each requiring package, so nested versions keep their place.
 */
export function dependencyClosure(names: readonly string[], from: string = root): string[] {
  const found = new Set<string>();
  const visit = (name: string, requirer: string, optional: boolean) => {
    const dir = resolvePackageDir(name, requirer);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(
        `${name} (needed by ${path.relative(root, requirer) || "the plugin"}) is not installed`,
      );
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, from, false);
  return [...found].map((dir) => path.relative(from, dir)).sort();
}

/** The folder of package `name` as seen from the package (or project) in `dir`. */
function resolvePackageDir(name: string, dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Copies `from` to `to` as real files (symlinks followed), leaving out source maps and types. */
function copyTree(from: string, to: string, keep: (file: string) => boolean = () => true): void {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
      // A package's own nested node_modules are copied only if the closure names them.
      if (entry === "node_modules") continue;
      copyTree(path.join(from, entry), path.join(to, entry), keep);
    }
  } else if (keep(from)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    fs.chmodSync(to, stat.mode);
  }
}

const runtimeFile = (file: string) => !/\.(d\.ts|map|ts|md)$/.test(file) || file.endsWith(".js");

/** Builds the plugin folder in `stage` and returns the tarball written into `outDir`. */
export function packPlugin(stage: string, outDir: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  const compiled = path.join(root, "dist", "provider", "plugin", "main.js");
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  copyTree(
    path.join(root, "provider", "plugin", "bin", "pulumi-resource-nodion"),
    path.join(stage, "pulumi-resource-nodion"),
  );
  for (const part of ["sdk", "provider"]) {
    copyTree(path.join(root, "dist", part), path.join(stage, "dist", part), (f) =>
      f.endsWith(".js"),
    );
  }
  for (const file of ["schema.json", "LICENSE"]) {
    fs.copyFileSync(path.join(root, file), path.join(stage, file));
  }
  fs.copyFileSync(
    path.join(root, "provider", "plugin", "README.md"),
    path.join(stage, "README.md"),
  );
  fs.writeFileSync(
    path.join(stage, "package.json"),
    `${JSON.stringify({ name: "pulumi-resource-nodion", version: pkg.version, private: true, license: pkg.license }, null, 2)}\n`,
  );
  for (const dir of dependencyClosure(RUNTIME_PACKAGES)) {
    copyTree(path.join(root, dir), path.join(stage, dir), runtimeFile);
  }
  const pulumi = path.join(root, "node_modules", "@pulumi", "pulumi");
  for (const part of PULUMI_PARTS) {
    const from = path.join(pulumi, part);
    if (fs.existsSync(from)) {
      copyTree(
        from,
        path.join(stage, "node_modules", "@pulumi", "pulumi", part),
        (f) => !f.endsWith(".map"),
      );
    }
  }

  fs.mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, tarballName(pkg.version));
  const tar = spawnSync("tar", ["-czf", tarball, "-C", stage, "."], { stdio: "inherit" });
  if (tar.status !== 0) throw new Error(`tar failed for ${tarball}`);
  return tarball;
}

if (require.main === module) {
  const out = path.join(root, "dist", "plugin");
  const tarball = packPlugin(path.join(out, "pulumi-resource-nodion"), out);
  console.error(`wrote ${path.relative(process.cwd(), tarball)}`);
}
