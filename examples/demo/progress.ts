/** How the demo talks: step headers, indented notes, and the CLI's progress in a readable form. */

const INDENT = "    ";
/** A resource step line: an operation marker, then `type name`. */
const RESOURCE_STEP = /^\s*(\+\+|\+-|--|\+|~|-|\s)\s+[\w-]+:[\w/:-]+ \S+/;
/** The step's final state (a replacement's intermediate "created replacement" is not final). */
const DONE = / (created|updated|replaced|deleted|failed) \(/;

/** Prints a step header such as `[2/7] Deploying the first version`. */
export function step(index: number, total: number, title: string): void {
  console.log(`\n[${index}/${total}] ${title}`);
}

/** Prints an indented line of explanation under the current step. */
export function note(text: string): void {
  console.log(`${INDENT}${text}`);
}

/** Prints stack outputs as aligned `name: value` lines. */
export function printOutputs(outputs: Readonly<Record<string, unknown>>): void {
  const width = Math.max(0, ...Object.keys(outputs).map((k) => k.length));
  for (const [key, value] of Object.entries(outputs)) {
    note(`  ${key.padEnd(width)}  ${JSON.stringify(value)}`);
  }
}

/**
 * Turns the chunks of `pulumi up`/`refresh` output into the lines worth reading live, prefixed
 * with `| `: each resource once it is done (created, updated, replaced, deleted), every `nodion:`
 * progress line, and the closing resource summary. It drops the spinner, the in-progress lines,
 * and the Diagnostics and Outputs sections that repeat what was already shown (the demo prints
 * the outputs itself).
 */
export class PulumiProgress {
  private pending = "";
  private inSummary = false;

  /** Feeds a chunk of CLI output; complete lines are printed at once. */
  readonly write = (chunk: string): void => {
    this.pending += chunk;
    const lines = this.pending.split("\n");
    this.pending = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  };

  /** Prints what is left of an unterminated last line. */
  flush(): void {
    if (this.pending !== "") this.line(this.pending);
    this.pending = "";
  }

  private line(raw: string): void {
    const line = raw.trimEnd();
    if (line.trim() === "" || line.startsWith("@ ")) return;
    if (/^(Diagnostics|Outputs):$/.test(line)) {
      this.inSummary = true;
      return;
    }
    if (/^(Resources|Duration):/.test(line)) this.inSummary = false;
    if (this.inSummary) return;
    // The provider's progress arrives as a message of the stack resource; show just the message.
    const message = /\s(nodion: .*)$/.exec(line);
    if (message) return note(`| ${message[1]}`);
    if (/pulumi:pulumi:Stack /.test(line)) return;
    if (RESOURCE_STEP.test(line) && !DONE.test(line)) return;
    note(`| ${line.trim()}`);
  }
}
