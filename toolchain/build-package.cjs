// Builds the package's dist/ from scratch: `npm run build`, and `npm run prepare` (which npm runs
// when it installs the package from git or from a folder, and before `npm pack`).
//
//   node toolchain/build-package.cjs                      # clean dist/, then tsc
//   node toolchain/build-package.cjs --install-build-deps # npm ci first if they are missing
//
// Plain CommonJS on purpose: it must run in a fresh clone, before ts-node or anything is installed.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** What the compile needs from node_modules: the compiler and the types the sources import. */
const BUILD_DEPENDENCIES = Object.freeze(["typescript", "@types/node", "@pulumi/pulumi", "axios"]);

/**
 * The build dependencies not installed in `root`'s own node_modules. A copy further up the tree
 * does not count: it could be any version, and the lockfile pins the one to compile with.
 */
function missingBuildDependencies(root) {
  return BUILD_DEPENDENCIES.filter(
    (name) => !fs.existsSync(path.join(root, "node_modules", name, "package.json")),
  );
}

/**
 * The npm settings of the calling command that must not reach the install of build dependencies:
 * `npm pack --dry-run --json` runs `prepare`, and npm hands its settings to scripts as
 * `npm_config_*` variables, so an inherited dry run would install nothing and a second JSON
 * report would land in the caller's standard output.
 */
const CALLER_ONLY_SETTINGS = Object.freeze(["dry_run", "json"]);

/** `env` without {@link CALLER_ONLY_SETTINGS} (npm reads them in any case). */
function installEnv(env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    const setting = key
      .toLowerCase()
      .replace(/^npm_config_/, "")
      .replace(/-/g, "_");
    if (key.toLowerCase().startsWith("npm_config_") && CALLER_ONLY_SETTINGS.includes(setting)) {
      delete clean[key];
    }
  }
  return clean;
}

/**
 * Runs npm (the one running this script, when npm runs it) in `cwd`; throws when it fails. Its
 * output goes to standard error: standard output belongs to the command that ran this script
 * (`npm pack --json` prints its report there).
 */
function npm(args, cwd) {
  // npm_execpath is the npm CLI that started this script: calling it through Node works the same
  // on every platform, where a bare `npm` needs a shell on Windows.
  const cli = process.env.npm_execpath;
  const options = { cwd, stdio: ["ignore", 2, 2], env: installEnv(process.env) };
  const run = cli
    ? spawnSync(process.execPath, [cli, ...args], options)
    : spawnSync("npm", args, { ...options, shell: process.platform === "win32" });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd}`);
}

/** Empties dist/ (so nothing stale is ever packed) and compiles with tsconfig.build.json. */
function build(root) {
  fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  // tsc prints only problems; they go to standard error for the same reason as npm's output.
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: ["ignore", 2, 2],
  });
  if (run.status !== 0) throw new Error("tsc -p tsconfig.build.json failed");
}

function main(argv) {
  const root = path.resolve(__dirname, "..");
  const missing = missingBuildDependencies(root);
  if (missing.length > 0 && argv.includes("--install-build-deps")) {
    // `npm install <path to a fresh clone>` runs prepare in a folder with no node_modules (the git
    // route installs them first). Install exactly the locked versions, without their install
    // scripts (one would try to download a Pulumi plugin), whatever the calling npm was told.
    console.error(`pulumi-nodion: installing build dependencies (${missing.join(", ")})`);
    npm(
      [
        "ci",
        "--ignore-scripts",
        "--include=dev",
        "--global=false",
        "--dry-run=false",
        "--json=false",
        "--no-audit",
        "--no-fund",
      ],
      root,
    );
  } else if (missing.length > 0) {
    throw new Error(`missing ${missing.join(", ")}: run npm ci first`);
  }
  build(root);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`pulumi-nodion build: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

module.exports = { BUILD_DEPENDENCIES, installEnv, missingBuildDependencies };
