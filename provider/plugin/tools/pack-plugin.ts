/**
 * Packs the plugin for `pulumi plugin install resource nodion <version> -f <tarball>`:
 *
 *   npm run plugin:pack   # builds dist/, then writes
 *                         # dist/plugin/pulumi-resource-nodion-v<version>-<os>-<arch>.tar.gz
 *
 * The tarball holds, at its root: the `pulumi-resource-nodion` shim, `start.js` (what the shim
 * runs: loads the bundle with V8's code cache, see `code-cache.ts`), `pulumi-resource-nodion.js`
 * (the compiled plugin and everything it loads, bundled into one file by esbuild: the provider
 * core, the SDK, axios, google-protobuf and `@pulumi/pulumi`'s generated gRPC stubs, never its
 * runtime; axios's `form-data` is replaced by `no-form-data.ts`), `schema.json`, and the licence
 * texts of every bundled package in `THIRD-PARTY-NOTICES.md`. One file loads faster than a `node_modules` tree (no module resolution,
 * one read) and needs no symlink-free copy of it. The version is package.json's, like the SDKs'.
 *
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type BuildOptions, type BuildResult, type Plugin } from "esbuild";

const root = path.resolve(__dirname, "..", "..", "..");

/** The bundle's file name, next to the shim that runs it. */
export const BUNDLE_FILE = "pulumi-resource-nodion.js";

/** What the shim runs: loads the bundle with V8's code cache (`start.ts`, bundled on its own). */
export const START_FILE = "start.js";

/** The tarball's file name for `version` on this machine's OS and architecture. */
export function tarballName(version: string, platform = process.platform, arch = process.arch) {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  return `pulumi-resource-nodion-v${version}-${os}-${cpu}.tar.gz`;
}

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

/**
 * Edits to axios's Node build (the exact version package.json pins) as it goes into the bundle.
 * Two module-level lines reach for Node's fetch classes (`FormData`; `Request` and `Response`
 * through the fetch adapter's feature probe), and the first touch of any of them makes Node load
 * its bundled undici: about 30 ms of the plugin's first request, for an adapter the SDK never
 * uses (`adapter: "http"` in sdk/transport.ts). Neither edit changes what axios does: `isFormData`
 * still recognises a FormData by its tag, and the fetch adapter, if ever chosen, probes when it
 * is first asked for. If axios's text changes, the pack fails here rather than bundle it unedited.
 */
export const AXIOS_EDITS: readonly (readonly [string, string])[] = [
  [
    "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
    "const FormDataCtor = undefined;",
  ],
  ["\ngetFetch();\n", "\n"],
];

/** The esbuild plugin applying {@link AXIOS_EDITS} to `axios/dist/node/axios.cjs`. */
const axiosWithoutFetchProbes: Plugin = {
  name: "axios-without-fetch-probes",
  setup(b) {
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]axios[\\/]dist[\\/]node[\\/]axios\.cjs$/ },
      (args) => {
        let text = fs.readFileSync(args.path, "utf8");
        for (const [from, to] of AXIOS_EDITS) {
          const at = text.indexOf(from);
          if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new Error(`${args.path}: expected ${JSON.stringify(from)} exactly once`);
          }
          text = text.replace(from, to);
        }
        return { contents: text, loader: "js" };
      },
    );
  },
};

/**
 * Bundles the compiled plugin (`dist/provider/plugin/main.js`) into `outFile` and returns the
 * packages whose code went in (from esbuild's metafile), so the caller can ship their licences and
 * tests can check that nothing of Pulumi's runtime is among them.
 */
export async function bundlePlugin(outFile: string): Promise<BundledPackage[]> {
  const result = await bundleCompiled("main.js", outFile, {
    // axios loads form-data (and mime-db) for multipart bodies the SDK never sends.
    alias: { "form-data": "./dist/provider/plugin/no-form-data.js" },
    plugins: [axiosWithoutFetchProbes],
  });
  const packages = new Map<string, { dir: string; files: string[] }>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir === undefined) continue;
    const entryOf = packages.get(dir) ?? { dir, files: [] };
    entryOf.files.push(path.relative(dir, input).split(path.sep).join("/"));
    packages.set(dir, entryOf);
  }
  return [...packages.values()]
    .map(({ dir, files }) => {
      const { name, version, license } = readPackageJson(path.join(root, dir));
      return { name, version, ...(license !== undefined && { license }), dir, files: files.sort() };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/**
 * Bundles `dist/provider/plugin/start.js` (the loader the shim runs, with `code-cache.ts`) into
 * `outFile`: a few kilobytes of Node.js built-ins only, so the part V8 compiles afresh on every
 * start stays small.
 */
export async function bundleStart(outFile: string): Promise<void> {
  const result = await bundleCompiled("start.js", outFile);
  const outside = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("dist/"));
  if (outside.length > 0) throw new Error(`${START_FILE} would bundle ${outside.join(", ")}`);
}

/** esbuild over `dist/provider/plugin/<file>` (the compiled plugin) into one CommonJS file. */
async function bundleCompiled(
  file: string,
  outFile: string,
  extra: Pick<BuildOptions, "alias" | "plugins"> = {},
): Promise<BuildResult<{ metafile: true }>> {
  const entry = path.join(root, "dist", "provider", "plugin", file);
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  return build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    // The oldest Node.js the package supports (package.json engines).
    target: "node20",
    // Licences go to THIRD-PARTY-NOTICES.md whole; names stay readable in stack traces.
    legalComments: "none",
    metafile: true,
    logLevel: "error",
    absWorkingDir: root,
    ...extra,
  });
}

/** The fields of a package.json this script reads. */
function readPackageJson(dir: string): { name: string; version: string; license?: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
  };
}

/** The package folder (`node_modules/<name>` or `node_modules/@scope/<name>`, possibly nested) of a bundled file, or undefined for this repository's own code. */
function packageDirOf(file: string): string | undefined {
  const parts = file.split("/");
  const last = parts.lastIndexOf("node_modules");
  if (last < 0) return undefined;
  const width = parts[last + 1]?.startsWith("@") ? 2 : 1;
  return parts.slice(0, last + 1 + width).join("/");
}

/** Licence files a package ships, by the names packages use. */
const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** THIRD-PARTY-NOTICES.md: each bundled package, its version and its licence texts. */
export function thirdPartyNotices(packages: readonly BundledPackage[]): string {
  const sections = packages.map((p) => {
    const dir = path.join(root, p.dir);
    const texts = fs
      .readdirSync(dir)
      .filter((f) => LICENCE_FILE.test(f))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8").trim());
    if (texts.length === 0 && p.license === undefined) {
      throw new Error(`${p.name}@${p.version} (${p.dir}) has no licence file or licence field`);
    }
    const body = texts.length > 0 ? texts.map((t) => `\`\`\`\n${t}\n\`\`\``).join("\n\n") : "";
    return `## ${p.name} ${p.version}\n\nLicence: ${p.license ?? "see below"}\n\n${body}`.trim();
  });
  return `# Third-party notices\n\n\`${BUNDLE_FILE}\` bundles code of these packages:\n\n${sections.join("\n\n")}\n`;
}

/** Builds the plugin folder in `stage` and returns the tarball written into `outDir`. */
export async function packPlugin(stage: string, outDir: string): Promise<string> {
  const pkg = readPackageJson(root);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  const shim = path.join(stage, "pulumi-resource-nodion");
  fs.copyFileSync(path.join(root, "provider", "plugin", "bin", "pulumi-resource-nodion"), shim);
  fs.chmodSync(shim, 0o755);
  const packages = await bundlePlugin(path.join(stage, BUNDLE_FILE));
  await bundleStart(path.join(stage, START_FILE));
  fs.writeFileSync(path.join(stage, "THIRD-PARTY-NOTICES.md"), thirdPartyNotices(packages));
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

  fs.mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, tarballName(pkg.version));
  const tar = spawnSync("tar", ["-czf", tarball, "-C", stage, "."], { stdio: "inherit" });
  if (tar.status !== 0) throw new Error(`tar failed for ${tarball}`);
  return tarball;
}

if (require.main === module) {
  const out = path.join(root, "dist", "plugin");
  packPlugin(path.join(out, "pulumi-resource-nodion"), out).then(
    (tarball) => console.error(`wrote ${path.relative(process.cwd(), tarball)}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
