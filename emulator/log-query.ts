/**
 * The query of `GET /v1/applications/:id/logs` and the lines it selects. Nodion documents
 * `limit` (default 200, at most 2500), the `before`/`after` timestamp cursors, an `instance_id`
 * filter, oldest-first order and a last-hour default window [doc]. What the emulator decides:
 * - both cursors are exclusive;
 * - with `after`, the first `limit` lines after it (paging forward); otherwise the last `limit`
 *   lines before `before` (or now), so a plain request shows the newest lines;
 * - the last-hour window applies only when neither cursor is given;
 * - a bad `limit`, cursor or `instance_id` is a 400 `{"errors":[…]}` naming the parameter.
 */
import type { EmulatedLogLine } from "./deployment-logs";

/** Lines per request when `limit` is absent [doc]. */
export const DEFAULT_LOG_LIMIT = 200;
/** The largest `limit` accepted [doc]. */
export const MAX_LOG_LIMIT = 2500;
/** The window a request without cursors covers [doc]. */
export const DEFAULT_LOG_WINDOW_MS = 60 * 60 * 1000;

/** A parsed logs query. */
export interface LogQuery {
  readonly limit: number;
  readonly beforeMs?: number;
  readonly afterMs?: number;
  readonly instanceId?: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads the query string, or every problem with it. */
export function parseLogQuery(
  query: URLSearchParams,
): { ok: true; query: LogQuery } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const rawLimit = query.get("limit");
  let limit = DEFAULT_LOG_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,9}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LOG_LIMIT)) {
      errors.push(`limit must be a whole number from 1 to ${MAX_LOG_LIMIT}`);
    }
  }
  const cursor = (name: "before" | "after"): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    if (!TIMESTAMP.test(raw) || Number.isNaN(Date.parse(raw))) {
      errors.push(`${name} must be an ISO 8601 timestamp`);
      return undefined;
    }
    return Date.parse(raw);
  };
  const beforeMs = cursor("before");
  const afterMs = cursor("after");
  const instanceId = query.get("instance_id") ?? undefined;
  if (instanceId !== undefined && instanceId.trim() === "") {
    errors.push("instance_id must not be empty");
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    query: {
      limit,
      ...(beforeMs !== undefined && { beforeMs }),
      ...(afterMs !== undefined && { afterMs }),
      ...(instanceId !== undefined && { instanceId }),
    },
  };
}

/** The lines `query` selects from `lines` (oldest first), at emulator time `nowMs`. */
export function selectLogLines(
  lines: readonly EmulatedLogLine[],
  query: LogQuery,
  nowMs: number,
): readonly EmulatedLogLine[] {
  const noCursor = query.beforeMs === undefined && query.afterMs === undefined;
  const afterMs = noCursor ? nowMs - DEFAULT_LOG_WINDOW_MS : query.afterMs;
  const matching = lines.filter(
    (l) =>
      (afterMs === undefined || (noCursor ? l.tsMs >= afterMs : l.tsMs > afterMs)) &&
      (query.beforeMs === undefined || l.tsMs < query.beforeMs) &&
      (query.instanceId === undefined || l.instanceId === query.instanceId),
  );
  return query.afterMs !== undefined
    ? matching.slice(0, query.limit)
    : matching.slice(Math.max(0, matching.length - query.limit));
}
