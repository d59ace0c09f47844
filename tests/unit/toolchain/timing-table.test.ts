import * as assert from "node:assert/strict";
import { SLOWEST, timingTable } from "../../timing/table";

describe("the timing table of tests/README.md", () => {
  const times = [
    { file: "tests/engine/a.test.ts", ms: 30_000, passing: 3 },
    { file: "tests/engine/b.test.ts", ms: 10_000, passing: 2 },
    { file: "tests/unit/c.test.ts", ms: 500, passing: 40 },
    { file: "tests/reliability/d.test.ts", ms: 90_000, passing: 7 },
  ];
  const table = timingTable(times, {
    wallMs: 100_000,
    cores: 2,
    date: new Date("2026-12-02T00:00:00Z"),
  });

  it("states the run: date, cores, files, passing tests, wall time and the sum of file times", () => {
    assert.match(
      table,
      /^Measured 2026-12-02 on 2 cores: 4 files, 52 passing tests, 100\.0 s wall/,
    );
    assert.match(table, /add up to 130\.5 s/);
  });

  it("sums each folder and lists the folders slowest first", () => {
    const rows = table.split("\n").filter((l) => /^\| `tests\/[a-z]+\/` \|/.test(l));
    assert.deepEqual(rows, [
      "| `tests/reliability/` | 1 | 7 | 90.0 s |",
      "| `tests/engine/` | 2 | 5 | 40.0 s |",
      "| `tests/unit/` | 1 | 40 | 0.5 s |",
    ]);
  });

  it("lists the slowest files, slowest first, at most SLOWEST of them", () => {
    const rows = table.split("\n").filter((l) => /^\| `tests\/.*\.test\.ts` \|/.test(l));
    assert.deepEqual(
      rows.map((r) => r.split("`")[1]),
      [
        "tests/reliability/d.test.ts",
        "tests/engine/a.test.ts",
        "tests/engine/b.test.ts",
        "tests/unit/c.test.ts",
      ],
    );
    const many = Array.from({ length: SLOWEST + 5 }, (_, i) => ({
      file: `tests/x/f${i}.test.ts`,
      ms: i,
      passing: 1,
    }));
    const big = timingTable(many, { wallMs: 1, cores: 2, date: new Date() });
    assert.equal(big.split("\n").filter((l) => /^\| `tests\/x\/f\d+/.test(l)).length, SLOWEST);
  });
});
