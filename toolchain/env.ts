import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root (this file lives in `<root>/toolchain`). */
export const repoRoot = path.resolve(__dirname, "..");

/** Where per-checkout Pulumi state lives; ignored by git. */
export const localDir = path.join(repoRoot, ".pulumi-local");

/** Where `toolchain/install.sh` links the toolchain it built or reused. */
export const toolchainLink = path.join(localDir, "toolchain");

/** Options for {@link pulumiEnv}. */
export interface PulumiEnvOptions {
  /** Folder for the file backend's state; created if missing. */
  readonly backendDir: string;
  /** Passphrase for the stack's secrets; empty by default (a passphrase provider needs one set). */
  readonly passphrase?: string;
  /** Extra variables, applied last. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The folder holding `pulumi`, the language host, the dynamic-provider shim and the command plugin.
 * Throws (never falls back to the network) when the toolchain has not been installed.
 */
export function toolchainBinDir(): string {
  if (process.env.PULUMI_NODION_USE_SYSTEM_PULUMI === "1") {
    const onPath = (process.env.PATH ?? "")
      .split(path.delimiter)
      .find((dir) => fs.existsSync(path.join(dir, "pulumi")));
    if (onPath === undefined) {
      throw new Error("PULUMI_NODION_USE_SYSTEM_PULUMI=1 but no pulumi is on PATH");
    }
    return onPath;
  }
  const bin = path.join(toolchainLink, "bin");
  if (!fs.existsSync(path.join(bin, "pulumi"))) {
    throw new Error(
      `The Pulumi toolchain is not installed (${bin}/pulumi is missing). ` +
        "Run `bash toolchain/install.sh` (npm test and npm run demo do it for you).",
    );
  }
  return bin;
}

/**
 * The environment every `pulumi` call of this project runs with: the toolchain first on PATH, an
 * isolated PULUMI_HOME, a file backend, a passphrase, and every switch that stops the CLI from
 * reaching the network (update checks, plugin downloads, registry look-ups).
 */
export function pulumiEnv(options: PulumiEnvOptions): NodeJS.ProcessEnv {
  const bin = toolchainBinDir();
  fs.mkdirSync(options.backendDir, { recursive: true });
  const systemPulumi = process.env.PULUMI_NODION_USE_SYSTEM_PULUMI === "1";
  return {
    ...process.env,
    // The toolchain's Node.js first (the language host and dynamic-provider shim start `node`).
    PATH: [
      ...(systemPulumi ? [] : [currentNodeDir()]),
      bin,
      path.join(repoRoot, "node_modules", ".bin"),
      process.env.PATH ?? "",
    ].join(path.delimiter),
    // Our toolchain's plugins live in its PULUMI_HOME or next to `pulumi`; ignoring ones found on
    // PATH stops the CLI warning "using pulumi-resource-command from $PATH" on every run.
    ...(systemPulumi
      ? {}
      : { PULUMI_HOME: path.join(toolchainLink, "home"), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" }),
    PULUMI_BACKEND_URL: `file://${path.resolve(options.backendDir)}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_SELF_MANAGED_STATE_NO_LEGACY_WARNING: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...options.extra,
  };
}

/** The pins in `toolchain/versions.env` (`PULUMI_VERSION`, `NODE_VERSION`, ...). */
export function toolchainPins(): Readonly<Record<string, string>> {
  const text = fs.readFileSync(path.join(repoRoot, "toolchain", "versions.env"), "utf8");
  return Object.fromEntries(
    [...text.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

/** The folder holding the toolchain's Node.js (`node/node`), which every pulumi run uses. */
export function currentNodeDir(): string {
  return path.join(toolchainLink, "node");
}

/** The folder holding the oldest supported Node.js (`node-oldest/node` in the toolchain). */
export function oldestNodeDir(): string {
  return path.join(toolchainLink, "node-oldest");
}
