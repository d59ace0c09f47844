import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../toolchain/env";

const exec = promisify(execFile);

/**
 * The package's npm tarball (what `npm pack` of this checkout writes), placed in `dest`; returns
 * its path. `npm test` packs it once for every worker (toolchain/test.sh names it in
 * `PULUMI_NODION_TEST_PACKAGE_TARBALL`): `npm pack` runs `prepare`, which empties and rebuilds
 * `dist/`, and two of those at once in one checkout would pack each other's half-written files.
 * Any other process (one file under mocha) packs it here.
 */
export async function packageTarball(dest: string): Promise<string> {
  const packed = process.env.PULUMI_NODION_TEST_PACKAGE_TARBALL;
  if (packed !== undefined && packed !== "") {
    const copy = path.join(dest, path.basename(packed));
    fs.copyFileSync(packed, copy);
    return copy;
  }
  const { stdout } = await exec("npm", ["pack", "--silent", "--pack-destination", dest], {
    cwd: repoRoot,
  });
  return path.join(dest, stdout.trim().split("\n").pop() ?? "");
}
