/**
 * The state file: the whole emulator state as JSON, replaced atomically (write a temp file in the
 * same directory, fsync it, rename it over the old one) so a reader or a crash never sees half a file.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSeed } from "./seed-validation";
import type { EmulatorState } from "./types";

/** Marks a file as an emulator state file. */
export const STATE_FILE_FORMAT = "nodion-emulator-state";

/** Current state file version. */
export const STATE_FILE_VERSION = 1;

/** What the state file holds. */
export interface StateFileContents {
  readonly format: typeof STATE_FILE_FORMAT;
  readonly version: typeof STATE_FILE_VERSION;
  readonly savedAt: string;
  /** How far the control plane had advanced the clock. */
  readonly clockOffsetMs: number;
  readonly state: EmulatorState;
}

/** A state loaded from disk. */
export interface LoadedState {
  readonly state: EmulatorState;
  readonly clockOffsetMs: number;
}

/** Writes `contents` to `file` atomically. */
export function writeStateFile(file: string, contents: StateFileContents): void {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    const fd = fs.openSync(temp, "w", 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Reads a state file; `undefined` when it does not exist.
 * @throws Error naming the file and every problem when it exists but is not a valid state file.
 */
export function readStateFile(file: string): LoadedState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, "utf8");
  const problem = (detail: string): Error =>
    new Error(`state file ${file} is not usable: ${detail}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw problem("not valid JSON");
  }
  if (
    typeof raw !== "object" ||
    raw === null ||
    !("format" in raw) ||
    raw.format !== STATE_FILE_FORMAT
  ) {
    throw problem(`missing "format": "${STATE_FILE_FORMAT}"`);
  }
  const offset =
    "clockOffsetMs" in raw && typeof raw.clockOffsetMs === "number" ? raw.clockOffsetMs : 0;
  const parsed = parseSeed("state" in raw ? raw.state : undefined, new Date().toISOString());
  if (!parsed.ok) throw problem(parsed.errors.join("; "));
  return { state: parsed.state, clockOffsetMs: offset };
}
