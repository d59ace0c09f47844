/** Command-line options of `nodion-emulator`, parsed into `EmulatorOptions` (minus `log`). */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./server";
import { parseSeed } from "./seed-validation";
import type { EmulatorSeed } from "./types";

/** Prefix of the CLI's first output line; the API base URL follows it. */
export const LISTENING_PREFIX = "Nodion emulator listening on ";

/** Usage text printed by `--help` and on bad arguments. */
export const USAGE = `Usage: nodion-emulator [options]

  --port <n>          port to listen on (default 0: any free port)
  --host <addr>       interface to bind (default 127.0.0.1)
  --state-file <f>    load state from f if present; rewrite it atomically after each change
  --seed <f>          JSON seed replacing the default seed
  --build-ms <n>      default build duration in ms (default 3000)
  --rate-limit <n>    allow n API requests per second per key (excess: 429 + Retry-After)
  --rate-burst <n>    bucket size for --rate-limit (default: same as the rate)
  --quiet             do not print a line per request
  --help              show this text`;

/** What the command line asked for. */
export type CliCommand =
  | { readonly kind: "help" }
  | {
      readonly kind: "start";
      readonly options: Omit<EmulatorOptions, "log">;
      readonly quiet: boolean;
    };

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
  return value;
}

function readSeedFile(file: string): EmulatorSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--seed ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseSeed(raw, new Date().toISOString());
  if (!parsed.ok) throw new Error(`--seed ${file}: ${parsed.errors.join("; ")}`);
  return parsed.state;
}

/**
 * Parses `argv` (without the node and script entries).
 * @throws Error with a one-line message on unknown options or bad values.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "state-file": { type: "string" },
      seed: { type: "string" },
      "build-ms": { type: "string" },
      "rate-limit": { type: "string" },
      "rate-burst": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return { kind: "help" };
  const rate = integer("rate-limit", values["rate-limit"], 1);
  const burst = integer("rate-burst", values["rate-burst"], 1);
  const seed = values.seed === undefined ? undefined : readSeedFile(values.seed);
  return {
    kind: "start",
    quiet: values.quiet ?? false,
    options: {
      port: integer("port", values.port, 0),
      host: values.host,
      stateFile: values["state-file"],
      seed,
      buildMs: integer("build-ms", values["build-ms"], 0),
      rateLimit: rate === undefined ? undefined : { requestsPerSecond: rate, burst: burst ?? rate },
    },
  };
}
