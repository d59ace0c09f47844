import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_PROJECT_KEY } from "../../emulator";
import { localDir, repoRoot } from "../../toolchain/env";

interface DemoRun {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

/** Runs `ts-node examples/demo.ts` (what `npm run demo` runs after setup) in its own folder. */
function runDemo(demoDir: string): Promise<DemoRun> {
  const started = Date.now();
  const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");
  return new Promise((resolve, reject) => {
    const child = spawn(tsNode, ["examples/demo.ts"], {
      cwd: repoRoot,
      env: { ...process.env, NODION_DEMO_DIR: demoDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

describe("npm run demo (examples/demo.ts)", () => {
  let workDir: string;

  before(() => {
    fs.mkdirSync(path.join(localDir, "tests"), { recursive: true });
    workDir = fs.mkdtempSync(path.join(localDir, "tests", "demo-"));
  });

  after(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("tells the whole story, starting over from a previous run, and ends saying it succeeded", async () => {
    const demoDir = path.join(workDir, "demo");
    // What an earlier run leaves behind: the demo must start over rather than trip on it.
    fs.mkdirSync(path.join(demoDir, "state"), { recursive: true });
    fs.writeFileSync(path.join(demoDir, "left-over"), "from an earlier run");

    const run = await runDemo(demoDir);
    console.log(`      (the demo took ${(run.ms / 1000).toFixed(1)} s)`);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /previous demo run .*removing it/);
    assert.ok(!fs.existsSync(path.join(demoDir, "left-over")), "the old run's files are gone");
    for (const story of [
      /nodion: triggered deploy #1 of application/,
      /New commit [0-9a-f]{7} /,
      /nodion: triggered deploy #2 of application/,
      /deploy #3 was made outside this stack/,
      /isLatest\s+false/,
      /apiDeployNumber\s+2/,
      /Clean up: rm -rf /,
    ]) {
      assert.match(run.output, story);
    }
    const lines = run.output.trimEnd().split("\n");
    assert.match(lines[lines.length - 1], /^✔ Demo finished in \d+ s/);
    assert.ok(!run.output.includes(SEED_PROJECT_KEY), "the API key is never printed");
    for (const kept of ["state", "emulator-state.json", "app-src"]) {
      assert.ok(fs.existsSync(path.join(demoDir, kept)), `${kept} is kept for inspection`);
    }
  });
});
