/**
 * The query of `GET /applications/:id/logs`, checked before any request: Nodion documents
 * `limit` (default 200, at most 2500), the `before`/`after` timestamp cursors and an
 * `instance_id` filter; without cursors it serves the last hour.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, requireText } from "./argument-error";

/** The most lines one logs request may ask for [doc]. */
export const MAX_LOG_LIMIT = 2500;

/** Options of {@link NodionClient.listLogs}. */
export interface ListLogsOptions {
  /** Most lines to return, 1 to {@link MAX_LOG_LIMIT}; Nodion's default is 200. */
  readonly limit?: number;
  /**
   * Only lines written before this moment: a `Date`, or an ISO 8601 string sent verbatim (so a
   * line's own `timestamp` can serve as the cursor to page backwards).
   */
  readonly before?: Date | string;
  /** Only lines written after this moment (same forms as `before`); pages forward. */
  readonly after?: Date | string;
  /** Only lines of this instance. */
  readonly instanceId?: string;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function cursor(parameter: "before" | "after", value: Date | string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new InvalidArgumentError(parameter, "is an invalid Date");
    return value.toISOString();
  }
  if (typeof value !== "string" || !ISO_8601.test(value) || Number.isNaN(Date.parse(value))) {
    const shown =
      typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : `a ${typeof value}`;
    throw new InvalidArgumentError(
      parameter,
      `must be a Date or an ISO 8601 timestamp, got ${shown}`,
    );
  }
  return value;
}

/**
 * The query string for `options` (without `?`; empty when there is nothing to send).
 *
 * @throws {@link InvalidArgumentError} naming the option that is malformed.
 */
export function logQueryString(options: ListLogsOptions): string {
  const query = new URLSearchParams();
  if (options.limit !== undefined) {
    const { limit } = options;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LOG_LIMIT) {
      throw new InvalidArgumentError(
        "limit",
        `must be a whole number from 1 to ${MAX_LOG_LIMIT}, got ${String(limit)}`,
      );
    }
    query.set("limit", String(limit));
  }
  if (options.before !== undefined) query.set("before", cursor("before", options.before));
  if (options.after !== undefined) query.set("after", cursor("after", options.after));
  if (options.instanceId !== undefined) {
    query.set("instance_id", requireText("instanceId", options.instanceId));
  }
  return query.toString();
}
