/**
 * A mocha root-hook plugin that appends, for each test file, one JSON line
 * `{"file", "ms", "passing"}` to the file named by `PULUMI_NODION_TEST_TIMES`. Root hooks run once
 * per file in parallel mode and once per process otherwise; toolchain/test.sh runs the files that
 * run alone in a mocha process each, so either way `ms` is one file's wall time from its first
 * hook to its last, hooks included. `npm run test:times` turns the lines into
 * the table of tests/README.md.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Context, Suite } from "mocha";

let started = 0;
let passing = 0;

/** The test file a root suite runs (its first suite's or test's file). */
function fileOf(root: Suite | undefined): string {
  const file = root?.suites[0]?.file ?? root?.tests[0]?.file ?? "(unknown)";
  return path.relative(process.cwd(), file);
}

export const mochaHooks = {
  beforeAll(): void {
    started = Date.now();
    passing = 0;
  },
  afterEach(this: Context): void {
    if (this.currentTest?.state === "passed") passing += 1;
  },
  afterAll(this: Context): void {
    const out = process.env.PULUMI_NODION_TEST_TIMES;
    if (out === undefined || out === "") return;
    const line = { file: fileOf(this.test?.parent), ms: Date.now() - started, passing };
    fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  },
};
