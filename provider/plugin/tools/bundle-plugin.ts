/**
 * The plugin as one CommonJS file (what the single executable runs): esbuild over the compiled
 * `dist/provider/plugin/executable.js`, everything it loads inside (the core, the SDK, axios,
 * `@grpc/grpc-js`, google-protobuf and the generated classes of `@pulumi/pulumi/proto`, never
 * Pulumi's runtime). A single executable's `require` reaches Node's built-in modules only.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";

/** The repository root (this file lives in `provider/plugin/tools`). */
export const root = path.resolve(__dirname, "..", "..", "..");

/** A package whose code is in the bundle. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** Its package.json `license` field, when it has one. */
  readonly license?: string;
  /** Its folder, relative to the repository root. */
  readonly dir: string;
  /** Files of it in the bundle, relative to its folder. */
  readonly files: readonly string[];
}

/** Bundles the compiled plugin into `outFile`; returns the packages whose code went in. */
export async function bundlePlugin(outFile: string): Promise<BundledPackage[]> {
  const entry = path.join(root, "dist", "provider", "plugin", "executable.js");
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    // The Node.js every executable is built on.
    target: "node24",
    // axios loads form-data (and mime-db) for multipart bodies the SDK never sends.
    alias: { "form-data": "./dist/provider/plugin/no-form-data.js" },
    // grpc-js loads it (with protobufjs) only for its admin services, which the plugin never
    // registers; left out, the bundle is 0.4 MB smaller.
    external: ["@grpc/proto-loader"],
    // Licences go to THIRD-PARTY-NOTICES.md whole; names stay readable in stack traces.
    legalComments: "none",
    metafile: true,
    logLevel: "error",
    absWorkingDir: root,
  });
  const packages = new Map<string, string[]>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir === undefined) continue;
    const files = packages.get(dir) ?? [];
    files.push(path.relative(dir, input).split(path.sep).join("/"));
    packages.set(dir, files);
  }
  return [...packages]
    .map(([dir, files]) => {
      const { name, version, license } = readPackageJson(path.join(root, dir));
      return { name, version, ...(license !== undefined && { license }), dir, files: files.sort() };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The fields of a package.json the pack reads. */
export function readPackageJson(dir: string): { name: string; version: string; license?: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
  };
}

/**
 * The package folder (`node_modules/<name>` or `node_modules/@scope/<name>`, possibly nested) of
 * a bundled file, or undefined for this repository's own code.
 */
function packageDirOf(file: string): string | undefined {
  const parts = file.split("/");
  const last = parts.lastIndexOf("node_modules");
  if (last < 0) return undefined;
  const width = parts[last + 1]?.startsWith("@") ? 2 : 1;
  return parts.slice(0, last + 1 + width).join("/");
}
