import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** One commit of a {@link SourceRepo}. */
export interface SourceCommit {
  readonly sha: string;
  readonly message: string;
}

// Passed on every call, so the repository needs no user or global git config and changes none;
// hooks and signing from the user's global config are switched off for the same reason.
const GIT_SETTINGS = [
  "-c",
  "user.name=Nodion Demo",
  "-c",
  "user.email=demo@example.invalid",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "core.hooksPath=/dev/null",
];

/**
 * A throwaway git repository standing in for an application's source checkout: the quickstart
 * reads its sha, and a commit here plays the part of a `git push`.
 */
export class SourceRepo {
  private constructor(readonly dir: string) {}

  /** Creates a repository with one commit in `dir`, which must not exist yet. */
  static create(dir: string): SourceRepo {
    if (fs.existsSync(dir)) throw new Error(`${dir} already exists`);
    fs.mkdirSync(dir, { recursive: true });
    const repo = new SourceRepo(dir);
    repo.git("init", "--quiet", "--initial-branch=main");
    repo.commit("Initial version of the app");
    return repo;
  }

  /** Commits a change (a line appended to `CHANGELOG`) and returns the new head. */
  commit(message: string): SourceCommit {
    fs.appendFileSync(path.join(this.dir, "CHANGELOG"), `${message}\n`);
    this.git("add", "CHANGELOG");
    this.git("commit", "--quiet", "--message", message);
    return { sha: this.head(), message };
  }

  /** The sha of HEAD. */
  head(): string {
    return this.git("rev-parse", "HEAD");
  }

  private git(...args: string[]): string {
    return execFileSync("git", [...GIT_SETTINGS, "-C", this.dir, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  }
}
