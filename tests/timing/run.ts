/**
 * `npm run test:times`: runs the whole suite the way `npm test` does (toolchain/test.sh), with
 * each file's wall time recorded (record-file-times.ts), then rewrites the timing table of
 * tests/README.md between its markers. Exits with the suite's status; the table is written only
 * when every test passed, so it never shows the times of a broken run.
 *
 *   npm run test:times                      # the whole suite
 *   npm run test:times -- tests/engine      # one folder (the table then covers only that folder)
 *   npm run test:times -- --from <file> --wall-s <seconds>
 *                                           # no run: the lines an earlier `npm test` wrote with
 *                                           # PULUMI_NODION_TEST_TIMES=<file>, and its wall time
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

/** Runs the suite with times recorded; the lines and the wall time, or undefined if it failed. */
function runSuite(args: readonly string[]): { lines: string; wallMs: number } | undefined {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nodion-times-")), "times.jsonl");
  const started = Date.now();
  const run = spawnSync("bash", [path.join(repoRoot, "toolchain", "test.sh"), ...args], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, PULUMI_NODION_TEST_TIMES: out },
  });
  const wallMs = Date.now() - started;
  if (run.status !== 0) {
    console.error(
      `the suite failed (exit ${run.status ?? run.signal}); tests/README.md left as it was`,
    );
    return undefined;
  }
  return { lines: fs.readFileSync(out, "utf8"), wallMs };
}

function main(args: readonly string[]): number {
  const from = args.indexOf("--from");
  const wall = args.indexOf("--wall-s");
  const recorded =
    from === -1
      ? runSuite(args)
      : {
          lines: fs.readFileSync(args[from + 1] ?? "", "utf8"),
          wallMs: Number(args[wall + 1]) * 1000,
        };
  if (recorded === undefined) return 1;
  if (!Number.isFinite(recorded.wallMs) || recorded.wallMs <= 0) {
    throw new Error("--from needs --wall-s <seconds> (the wall time of that run)");
  }
  const { wallMs } = recorded;
  const times = recorded.lines
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as FileTime);
  const text = fs.readFileSync(readme, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${readme} has no timing table markers`);
  const table = timingTable(times, { wallMs, cores: os.cpus().length, date: new Date() });
  fs.writeFileSync(readme, `${text.slice(0, start + START.length)}\n${table}${text.slice(end)}`);
  console.error(`wrote the timing table of ${path.relative(process.cwd(), readme)}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
