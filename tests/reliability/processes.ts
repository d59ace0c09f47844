/**
 * Killing a `pulumi` run the way a CI runner or an impatient user does. Linux only (reads /proc):
 * the CLI shares the test's process group, so "the whole group" means the CLI and every process
 * it started (language host, program, dynamic-provider host), found by parent pid.
 */
import * as fs from "node:fs";

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces; the parent pid is two fields later.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined; // exited meanwhile
  }
}

/** `pid` and all its descendants, parents first. */
export function processTree(pid: number): number[] {
  const all = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const candidate of all) if (parentOf(candidate) === tree[i]) tree.push(candidate);
  }
  return tree;
}

/** Sends SIGKILL to `pid` and every descendant at once, so none can clean up after another. */
export function killTree(pid: number): number[] {
  const tree = processTree(pid);
  for (const p of tree) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return tree;
}

/** Whether a process with this pid is still running (a zombie awaiting its parent is not). */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
