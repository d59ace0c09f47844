/**
 * `npm run test:times`: runs the whole suite the way `npm test` does (toolchain/test.sh), with
 * each file's wall time recorded (record-file-times.ts), then rewrites the timing table of
 * tests/README.md between its markers. Exits with the suite's status; the table is written only
 * when every test passed, so it never shows the times of a broken run.
 *
 *   npm run test:times                      # the whole suite
 *   npm run test:times -- tests/engine      # one folder (the table then covers only that folder)
 *
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../toolchain/env";
import { FileTime, timingTable } from "./table";

const readme = path.join(repoRoot, "tests", "README.md");
const START = "<!-- timing table: start (npm run test:times writes it) -->";
const END = "<!-- timing table: end -->";

function main(): number {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nodion-times-")), "times.jsonl");
  const started = Date.now();
  const run = spawnSync(
    "bash",
    [path.join(repoRoot, "toolchain", "test.sh"), ...process.argv.slice(2)],
    {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, PULUMI_NODION_TEST_TIMES: out },
    },
  );
  const wallMs = Date.now() - started;
  if (run.status !== 0) {
    console.error(
      `the suite failed (exit ${run.status ?? run.signal}); tests/README.md left as it was`,
    );
    return run.status ?? 1;
  }
  const times = fs
    .readFileSync(out, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as FileTime);
  const text = fs.readFileSync(readme, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to < from) throw new Error(`${readme} has no timing table markers`);
  const table = timingTable(times, { wallMs, cores: os.cpus().length, date: new Date() });
  fs.writeFileSync(readme, `${text.slice(0, from + START.length)}\n${table}${text.slice(to)}`);
  console.error(`wrote the timing table of ${path.relative(process.cwd(), readme)}`);
  return 0;
}

process.exitCode = main();
