/**
 * The log lines a failed deployment shows under its one-line summary: the application's last
 * lines since the deployment was created, bounded in count and length, with the API key and any
 * `Bearer` token removed, each marked with its time and instance. Reading them can fail (a user
 * key without the scope, an API error); that never hides the deployment's failure: it becomes
 * one line saying why there are no logs.
 *
 * @packageDocumentation
 */
import {
  MAX_LOG_LIMIT,
  NodionError,
  type LogLine,
  type NodionClient,
  type Redactor,
} from "../client";
import { MAX_LOG_LINE_CHARS } from "./args";
import { redactedExcerpt } from "./bounded-text";

/** Pages of {@link MAX_LOG_LIMIT} lines read at most; a build that wrote more is cut (and says so). */
export const MAX_LOG_PAGES = 4;

/**
 * How far before the deployment's `created_at` the read starts. The cursor is exclusive and a
 * server may compare whole seconds, so the deployment's first line must not sit on the cursor.
 */
const CURSOR_SLACK_MS = 1000;

// ANSI escape sequences (colours, cursor moves) that build tools print, then any other control
// character, which would let a log line rewrite the terminal or forge a line of its own.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One log line as a failure shows it: `<time> [<instance>] <text>`, with escape sequences and
 * control characters removed, secrets redacted and the text cut to {@link MAX_LOG_LINE_CHARS}.
 * The instance is its first 8 characters (`-` when Nodion does not say).
 */
export function formatLogLine(line: LogLine, redact: Redactor): string {
  const text = line.message.replace(ANSI, "").replace(CONTROL, " ").trimEnd();
  const instance = line.instanceId === null ? "-" : clean(line.instanceId).slice(0, 8);
  const shown = redactedExcerpt(text, MAX_LOG_LINE_CHARS, redact);
  return `${clean(line.timestamp).slice(0, 40)} [${instance}] ${shown}`;
}

function clean(text: string): string {
  return text.replace(ANSI, "").replace(CONTROL, "");
}

/** The last `count` of `lines` (oldest first), formatted by {@link formatLogLine}. */
export function lastLogLines(
  lines: readonly LogLine[],
  count: number,
  redact: Redactor,
): readonly string[] {
  if (count <= 0) return [];
  return lines.slice(-count).map((line) => formatLogLine(line, redact));
}

/** The one line a failure shows instead of logs when they cannot be read. */
export function noLogsLine(err: unknown, redact: Redactor): string {
  if (NodionError.isInstance(err) && err.kind === "permission") {
    return "(no log lines: Nodion answered 403 to the logs request; a user API key needs the scope that reads logs, a project key always may)";
  }
  if (NodionError.isInstance(err) && err.kind === "not_found") {
    // Only asked after the deployment list of the same application was read: the application
    // exists, so the SDK's hint to check its id would send the user the wrong way.
    return `(no log lines: Nodion answered 404 to the logs request (${err.method} ${redactedExcerpt(err.path, 120, redact)}) just after it listed the application's deployments, so the application exists; its logs endpoint is not reachable with this key or through this gateway or proxy)`;
  }
  const reason = NodionError.isInstance(err)
    ? err.message
    : err instanceof Error
      ? err.message
      : String(err);
  return `(no log lines: ${redactedExcerpt(reason.replace(/\s+/g, " "), MAX_LOG_LINE_CHARS, redact)})`;
}

/**
 * Reads the application's log lines written since `since` (a deployment's `created_at`), paging
 * forward with the `after` cursor, and keeps the last `count`. Stops after
 * {@link MAX_LOG_PAGES} full pages, saying so in `cut`.
 *
 * @throws whatever the client throws (the caller turns it into {@link noLogsLine}).
 */
export async function readLogsSince(
  client: NodionClient,
  applicationId: string,
  since: string,
  count: number,
): Promise<{ readonly lines: readonly LogLine[]; readonly cut: boolean }> {
  const sinceMs = Date.parse(since);
  let after: string | Date = Number.isNaN(sinceMs) ? since : new Date(sinceMs - CURSOR_SLACK_MS);
  let kept: LogLine[] = [];
  for (let page = 0; page < MAX_LOG_PAGES; page++) {
    const lines = await client.listLogs(applicationId, { after, limit: MAX_LOG_LIMIT });
    kept = [...kept, ...lines].slice(-count);
    const last = lines[lines.length - 1];
    if (lines.length < MAX_LOG_LIMIT || last === undefined) return { lines: kept, cut: false };
    after = last.timestamp;
  }
  return { lines: kept, cut: true };
}

/**
 * The lines a failure shows under its summary: the application's last `count` log lines since
 * `since`, or the one line saying why there are none. Empty when `count` is 0 (no request).
 */
export async function failureLogDetails(
  client: NodionClient,
  applicationId: string,
  since: string,
  count: number,
  redact: Redactor,
): Promise<readonly string[]> {
  if (count <= 0) return [];
  try {
    const { lines, cut } = await readLogsSince(client, applicationId, since, count);
    if (lines.length === 0) return ["(no log lines since the deployment was created)"];
    const shown = lastLogLines(lines, count, redact);
    const header = `last ${shown.length} log line${shown.length === 1 ? "" : "s"} of application ${applicationId}${cut ? ` (the first ${MAX_LOG_PAGES * MAX_LOG_LIMIT} since the deployment; more follow in the dashboard)` : ""}:`;
    return [header, ...shown];
  } catch (err) {
    return [noLogsLine(err, redact)];
  }
}
