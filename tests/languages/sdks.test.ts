import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { currentNodeDir, repoRoot, toolchainBinDir } from "../../toolchain/env";

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/**
 * The generated SDKs are committed where their package names say (sdk/go/nodion, sdk/python,
 * sdk/nodejs) and must be what the generator makes of schema.json: `npm run sdks` rewrites them.
 */
describe("the committed SDKs in sdk/", () => {
  it("are exactly what npm run sdks generates from schema.json", () => {
    toolchainBinDir(); // throws with the set-up instructions when there is no toolchain
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-sdks-"));
    try {
      execFileSync("bash", [path.join(repoRoot, "toolchain", "gen-sdks.sh"), out], {
        cwd: repoRoot,
        env: { ...process.env, PATH: [currentNodeDir(), process.env.PATH ?? ""].join(":") },
        stdio: ["ignore", "ignore", "pipe"],
      });
      // The checkout's files as git sees them (tracked or new), without what the SDKs ignore.
      const committed = execFileSync(
        "git",
        ["ls-files", "--cached", "--others", "--exclude-standard", "--", "sdk"],
        { cwd: repoRoot, encoding: "utf8" },
      )
        .split("\n")
        .filter((f) => f !== "" && fs.existsSync(path.join(repoRoot, f)))
        .map((f) => f.slice("sdk/".length))
        .sort();
      const generated = filesUnder(out);
      assert.deepEqual(committed, generated, "stale sdk/: run `npm run sdks`");
      for (const file of generated) {
        assert.equal(
          fs.readFileSync(path.join(repoRoot, "sdk", file), "utf8"),
          fs.readFileSync(path.join(out, file), "utf8"),
          `sdk/${file} is stale: run \`npm run sdks\``,
        );
      }
      assert.ok(generated.includes("go/nodion/go.mod"));
      assert.ok(generated.includes("python/pyproject.toml"));
      assert.ok(generated.includes("nodejs/package.json"));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
