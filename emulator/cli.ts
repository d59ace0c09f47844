#!/usr/bin/env node
/**
 * `nodion-emulator`: starts the emulator, prints `Nodion emulator listening on <url>` as its first
 * line, then one line per request, and stops cleanly (state file written) on SIGINT or SIGTERM.
 */
import { LISTENING_PREFIX, parseCliArgs, USAGE, type CliCommand } from "./cli-args";
import { startEmulator } from "./server";

/** Runs the command; resolves with the exit code once the emulator has stopped. */
export async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = command.quiet
    ? undefined
    : (line: string): void => void process.stdout.write(`${line}\n`);
  const emulator = await startEmulator({ ...command.options, log });
  process.stdout.write(`${LISTENING_PREFIX}${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `nodion-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
