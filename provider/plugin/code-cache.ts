/**
 * Runs the plugin's bundle with V8's compiled code kept between runs.
 *
 * Every `pulumi up` starts the plugin afresh, and V8 compiles a function the first time it runs:
 * compiling axios, google-protobuf and the SDK cost every run about 65 ms of the bundle's start
 * and first create (measured in a harness; see the plugin README). Node's own compile cache
 * (`NODE_COMPILE_CACHE`) does not help much here: it keeps what was compiled when the file was
 * loaded, and in a bundle that is little more than the outer function (46 KB for a 0.96 MB
 * bundle). This loader compiles the bundle as a `vm.Script` and, once the plugin has answered its
 * first resource operation, keeps `script.createCachedData()`, which holds every function
 * compiled by then (about 0.8 MB). The next start hands it back to V8.
 *
 * The cache is a file per Node.js version, architecture and bundle content (SHA-256), in a folder
 * next to the bundle: it is only as trusted as the bundle itself, never a shared temporary
 * folder another user could write to. V8 checks its version, flags and the source's length
 * before using the data and ignores it otherwise (the loader then writes a fresh one); the hash in
 * the name makes sure data from another bundle of the same length is never offered.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/** What happened to the cache at load time. */
export type CodeCacheStatus =
  /** No cache folder given: nothing read or written. */
  | "off"
  /** No cache for this bundle and Node.js yet. */
  | "missing"
  /** V8 took the cached code. */
  | "accepted"
  /** V8 refused the cached code (another V8 build or flags); compiled from source. */
  | "rejected";

/** A CommonJS file run through {@link loadWithCodeCache}. */
export interface CachedModule {
  /** The file's `module.exports`. */
  readonly exports: unknown;
  readonly status: CodeCacheStatus;
  /** The cache file for this bundle and Node.js, when the cache is on. */
  readonly cacheFile: string | undefined;
  /**
   * Writes the code compiled so far, unless V8 took a cache at load (then it is already there).
   * Never throws: a cache that cannot be written only costs the next start. Returns whether it
   * wrote.
   */
  save(): boolean;
}

/** The cache file for `source` under `cacheDir` on this Node.js. */
export function cacheFileFor(cacheDir: string, source: string | Buffer): string {
  const digest = createHash("sha256").update(source).digest("hex").slice(0, 32);
  return path.join(cacheDir, `${process.version}-${process.arch}-${digest}.v8cache`);
}

/**
 * Loads CommonJS `file` as Node would (`exports`, `require` relative to it, `module`,
 * `__filename`, `__dirname`) with V8's code cache from `cacheDir` (no cache when undefined).
 * `require.main` inside the file is not its module, so an `if (require.main === module)` entry
 * does not run: the caller calls what the file exports.
 */
export function loadWithCodeCache(file: string, cacheDir: string | undefined): CachedModule {
  const bytes = fs.readFileSync(file);
  // Hashed as read, not re-encoded from the decoded text (a megabyte on every start).
  const cacheFile = cacheDir === undefined ? undefined : cacheFileFor(cacheDir, bytes);
  const source = bytes.toString("utf8");
  const cached = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  // The same wrapper Node puts around a CommonJS file, on the source's first line, so line
  // numbers in stack traces stay those of the file.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) { ${source}\n})`,
    { filename: file, ...(cached !== undefined && { cachedData: cached }) },
  );
  const status: CodeCacheStatus =
    cacheFile === undefined
      ? "off"
      : cached === undefined
        ? "missing"
        : script.cachedDataRejected === true
          ? "rejected"
          : "accepted";
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
  );
  return {
    get exports() {
      return module.exports;
    },
    status,
    cacheFile,
    save: () =>
      cacheFile !== undefined &&
      status !== "accepted" &&
      writeCache(cacheFile, script.createCachedData()),
  };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` to `file` through a temporary file and a rename (plugins of two stacks may start
 * at once), then removes the folder's other caches (an older bundle or Node.js).
 */
function writeCache(file: string, data: Buffer): boolean {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
    return false;
  }
  try {
    for (const other of fs.readdirSync(dir)) {
      if (other.endsWith(".v8cache") && other !== path.basename(file)) {
        fs.rmSync(path.join(dir, other), { force: true });
      }
    }
  } catch {
    // Stale files only take room.
  }
  return true;
}
