import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  currentNodeDir,
  localDir,
  repoRoot,
  toolchainBinDir,
  toolchainLink,
} from "../../toolchain/env";

/** The languages a program of the plugin is written in here. */
export type Language = "yaml" | "python" | "go" | "typescript";

/** A copy of one language's program, made ready to run, and what its pulumi runs need. */
export interface LanguageWorkspace {
  readonly language: Language;
  /** The program folder (a copy of tests/languages/programs/<language>). */
  readonly program: string;
  /** Extra environment for every pulumi run of the program. */
  readonly env: Readonly<Record<string, string>>;
}

/** Where the generated SDKs are committed (`npm run sdks` regenerates them; sdks.test.ts checks). */
export const sdksDir = path.join(repoRoot, "sdk");

const programsDir = path.join(__dirname, "programs");

let compiled = false;

/**
 * Compiles the committed Node.js SDK (sdk/nodejs -> sdk/nodejs/bin, ignored), once per test
 * process; the Python and Go SDKs are used as committed. `sdks.test.ts` holds them fresh.
 */
export function prepareSdks(): void {
  if (compiled) return;
  run("bash", [path.join(repoRoot, "toolchain", "build-nodejs-sdk.sh")], repoRoot, {
    PATH: [currentNodeDir(), process.env.PATH ?? ""].join(path.delimiter),
  });
  compiled = true;
}

/**
 * Copies `language`'s program (or the program in `source`) to a fresh folder under .pulumi-local and prepares it the way a user
 * would: a venv with pulumi and the Python SDK installed, a Go module replace pointing at the
 * generated Go SDK, the generated Node.js SDK in node_modules. The repository's program folders
 * never get a venv, go.sum or node_modules.
 */
export function prepareWorkspace(
  language: Language,
  source: string = path.join(programsDir, language),
): LanguageWorkspace {
  prepareSdks();
  const id = crypto.randomBytes(4).toString("hex");
  const program = path.join(localDir, "languages", `${language}-${id}`);
  fs.rmSync(program, { recursive: true, force: true });
  fs.cpSync(source, program, { recursive: true });
  const env = PREPARE[language](program);
  return { language, program, env };
}

const PREPARE: Readonly<Record<Language, (program: string) => Record<string, string>>> = {
  yaml: () => ({}),
  python: preparePython,
  go: prepareGo,
  typescript: prepareTypeScript,
};

let wheel: string | undefined;

/**
 * The Python SDK's wheel, built once per test process by the release command's own script
 * (toolchain/release/python-wheel.sh) with the toolchain's Python, into .pulumi-local.
 */
function pythonWheel(): string {
  if (wheel !== undefined) return wheel;
  const out = path.join(localDir, "languages", `wheel-${process.pid}`);
  fs.rmSync(out, { recursive: true, force: true });
  const python = path.join(toolchainLink, "python", "bin", "python");
  wheel = run(
    "bash",
    [path.join(repoRoot, "toolchain", "release", "python-wheel.sh"), out],
    repoRoot,
    {
      PYTHON: python,
    },
  ).trim();
  return wheel;
}

/**
 * A venv of its own in the program folder, activated for pulumi runs (venv/bin first on PATH):
 * the toolchain's pinned `pulumi` package is layered in through a .pth file (no download per
 * test), and the generated SDK's wheel (what the release publishes) is installed into it with
 * pip, offline.
 */
function preparePython(program: string): Record<string, string> {
  // Always `python -m <module>`: the toolchain's venv was built in a temporary folder and moved, so
  // the shebangs of its console scripts (pip, ...) point to where it was built.
  const toolchainPython = path.join(toolchainLink, "python", "bin", "python");
  if (!fs.existsSync(toolchainPython)) {
    throw new Error(
      `${toolchainPython} is missing: the toolchain has no Python venv. Run \`bash toolchain/install.sh\`.`,
    );
  }
  const venv = path.join(program, "venv");
  // Without pip: the toolchain's pip installs into it (a venv's own pip brings an old setuptools
  // that would shadow the toolchain's).
  run(toolchainPython, ["-m", "venv", "--without-pip", venv], program);
  const python = path.join(venv, "bin", "python");
  const sitePackages = (exe: string) =>
    run(exe, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], program).trim();
  fs.writeFileSync(
    path.join(sitePackages(python), "pulumi-nodion-toolchain.pth"),
    `${sitePackages(toolchainPython)}\n`,
  );
  run(
    toolchainPython,
    [
      ...["-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check"],
      ...["--no-deps", "--no-index", pythonWheel()],
    ],
    program,
  );
  return { VIRTUAL_ENV: venv, PATH: pathWith(path.join(venv, "bin")) };
}

/**
 * The program requires the committed module; its go.mod replaces it with sdk/go/nodion (an
 * absolute path in the copy), the only concession to having no network.
 * Builds share Go's module cache and, with the toolchain's build flags, its build cache.
 */
function prepareGo(program: string): Record<string, string> {
  const sdk = path.join(sdksDir, "go", "nodion");
  const modulePath = /^module (\S+)/m.exec(fs.readFileSync(path.join(sdk, "go.mod"), "utf8"))?.[1];
  if (modulePath === undefined) throw new Error(`${sdk}/go.mod names no module`);
  const env = {
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=mod -trimpath -tags=osusergo,grpcnotrace",
    CGO_ENABLED: "0",
  };
  run("go", ["mod", "edit", `-replace=${modulePath}=${sdk}`], program, env);
  return env;
}

/** node_modules/@pulumi-nodion/nodion links to the compiled SDK (as `npm install <dir>` would). */
function prepareTypeScript(program: string): Record<string, string> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(sdksDir, "nodejs", "bin", "package.json"), "utf8"),
  ) as { name: string };
  const link = path.join(program, "node_modules", ...manifest.name.split("/"));
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join(sdksDir, "nodejs", "bin"), link, "dir");
  return {};
}

/** The PATH every pulumi run gets (toolchain/env.ts), with `dir` first. */
function pathWith(dir: string): string {
  return [
    dir,
    currentNodeDir(),
    toolchainBinDir(),
    path.join(repoRoot, "node_modules", ".bin"),
    process.env.PATH ?? "",
  ].join(path.delimiter);
}

/** Runs a set-up command; throws with its output when it fails. */
function run(
  exe: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): string {
  try {
    return execFileSync(exe, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${exe} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
  }
}
