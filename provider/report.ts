/**
 * Prints one progress line. The engine shows a dynamic provider's standard error live, as messages
 * of the stack, so this is how `pulumi up` tells the user what Nodion is doing.
 */
export function report(line: string): void {
  process.stderr.write(`nodion: ${line}\n`);
}
