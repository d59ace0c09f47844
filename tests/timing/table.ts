/** The timing table of tests/README.md, from the per-file lines record-file-times.ts writes. */

/** One test file's line. */
export interface FileTime {
  readonly file: string;
  readonly ms: number;
  readonly passing: number;
}

/** What the table says about the run as a whole. */
export interface RunFacts {
  /** Wall time of the whole command (files overlap, so this is less than the sum). */
  readonly wallMs: number;
  readonly cores: number;
  readonly date: Date;
}

/** How many of the slowest files the second table lists. */
export const SLOWEST = 12;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Markdown: one row per folder (summed file times), then the slowest files. */
export function timingTable(times: readonly FileTime[], facts: RunFacts): string {
  const folders = new Map<string, { ms: number; files: number; passing: number }>();
  for (const t of times) {
    const folder = t.file.split("/").slice(0, 2).join("/");
    const row = folders.get(folder) ?? { ms: 0, files: 0, passing: 0 };
    folders.set(folder, {
      ms: row.ms + t.ms,
      files: row.files + 1,
      passing: row.passing + t.passing,
    });
  }
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  const passing = times.reduce((sum, t) => sum + t.passing, 0);
  const lines = [
    `Measured ${facts.date.toISOString().slice(0, 10)} on ${facts.cores} cores: ` +
      `${times.length} files, ${passing} passing tests, ${seconds(facts.wallMs)} wall ` +
      `(files' own times add up to ${seconds(total)}: three run at a time, sharing the cores, ` +
      "then the files that run alone).",
    "",
    "| Folder | Files | Tests | Sum of file times |",
    "| --- | ---: | ---: | ---: |",
    ...[...folders.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([folder, row]) =>
          `| \`${folder}/\` | ${row.files} | ${row.passing} | ${seconds(row.ms)} |`,
      ),
    "",
    `The ${Math.min(SLOWEST, times.length)} slowest files:`,
    "",
    "| File | Tests | Wall time |",
    "| --- | ---: | ---: |",
    ...[...times]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST)
      .map((t) => `| \`${t.file}\` | ${t.passing} | ${seconds(t.ms)} |`),
    "",
  ];
  return lines.join("\n");
}
