/**
 * A record of the API requests the emulator answered, so tests can count calls. It holds the
 * method, path, status and timing only: never headers, bodies or keys.
 */

/** One answered (or dropped) API request. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Status the client saw; `0` when a fault dropped the connection. */
  readonly status: number;
  /** Wall-clock handling time in milliseconds, including fault latency. */
  readonly ms: number;
  /** Emulator time when the request arrived (ISO 8601). */
  readonly at: string;
  /** The action of the fault that hit this request, if any. */
  readonly fault?: string;
  /** Body bytes written by a streamed fault (`oversized_body`, `endless_body`). */
  readonly bytes?: number;
}

/** Newest-last log of API requests, capped at `capacity` entries. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** @param capacity how many entries to keep; older ones are dropped first. */
  constructor(private readonly capacity = 10_000) {}

  /** Appends an entry. */
  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** All entries, oldest first. */
  list(): readonly RequestLogEntry[] {
    return [...this.entries];
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}

/** One human-readable log line: `POST /v1/applications/…/deployments 200 3ms [fault=drop_after]`. */
export function formatLogLine(
  entry: Pick<RequestLogEntry, "method" | "path" | "status" | "ms" | "fault" | "bytes">,
): string {
  const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
  const bytes = entry.bytes === undefined ? "" : ` bytes=${entry.bytes}`;
  return `${entry.method} ${entry.path} ${entry.status === 0 ? "dropped" : entry.status} ${entry.ms}ms${fault}${bytes}`;
}
