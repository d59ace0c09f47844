/**
 * The package version, for the default user agent.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "pulumi-nodion";

// Walks up from this file because the relative location of package.json differs between the
// sources (client/version.ts) and the build (dist/client/version.js).
function readPackageVersion(startDir: string): string {
  let dir = startDir;
  for (;;) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (typeof pkg === "object" && pkg !== null) {
        const { name, version } = pkg as { name?: unknown; version?: unknown };
        if (name === PACKAGE_NAME && typeof version === "string") return version;
      }
    } catch {
      // No readable package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return "0.0.0-unknown";
    dir = parent;
  }
}

/** The version of the `pulumi-nodion` package this SDK belongs to. */
export const SDK_VERSION: string = readPackageVersion(__dirname);

/** The `User-Agent` sent unless the caller overrides it: `pulumi-nodion/<version>`. */
export const DEFAULT_USER_AGENT = `${PACKAGE_NAME}/${SDK_VERSION}`;
