/**
 * A small reader for untrusted JSON objects (seed files, state files, control-plane bodies).
 * Each getter records a message on failure and returns a placeholder, so callers can collect
 * every problem in one pass and report them together.
 */

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads typed fields from one JSON object, collecting errors under a path prefix. */
export class Fields {
  private readonly obj: Record<string, unknown>;

  /**
   * @param value the object to read; a non-object records an error and reads as empty.
   * @param path where the object sits, used in messages (e.g. `apps[2]`).
   * @param errors shared list the messages are appended to.
   */
  constructor(
    value: unknown,
    private readonly path: string,
    private readonly errors: string[],
  ) {
    if (isJsonObject(value)) {
      this.obj = value;
    } else {
      this.obj = {};
      errors.push(`${path} must be an object`);
    }
  }

  /** Whether the field is present and not null. */
  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  /** The raw value, for fields with their own readers. */
  raw(key: string): unknown {
    return this.obj[key];
  }

  /** The path of a field, for nested readers. */
  at(key: string): string {
    return `${this.path}.${key}`;
  }

  /** A required string, or `fallback` when absent; `pattern` restricts its form. */
  string(key: string, fallback?: string, pattern?: RegExp): string {
    const value = this.obj[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== "string" || (pattern !== undefined && !pattern.test(value))) {
      this.fail(key, pattern ? `a string matching ${pattern}` : "a string");
      return "";
    }
    return value;
  }

  /** An optional string: `undefined` when absent. */
  optionalString(key: string, pattern?: RegExp): string | undefined {
    return this.has(key) ? this.string(key, undefined, pattern) : undefined;
  }

  /** A string or `null`, defaulting to `null` when absent. */
  nullableString(key: string): string | null {
    return this.has(key) ? this.string(key) : null;
  }

  /** A number within `[min, max]`, or `fallback` when absent. */
  number(key: string, fallback: number | undefined, min: number, max: number): number {
    const value = this.obj[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      this.fail(key, `a number from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  /** An optional number within `[min, max]`. */
  optionalNumber(key: string, min: number, max: number): number | undefined {
    return this.has(key) ? this.number(key, undefined, min, max) : undefined;
  }

  /** One of a fixed set of strings, or `fallback` when absent. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.obj[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      this.fail(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
      return allowed[0];
    }
    return match;
  }

  /** An array whose items are read by `item`; `fallback` when absent. */
  array<T>(key: string, item: (value: unknown, path: string) => T, fallback?: readonly T[]): T[] {
    const value = this.obj[key];
    if ((value === undefined || value === null) && fallback !== undefined) return [...fallback];
    if (!Array.isArray(value)) {
      this.fail(key, "an array");
      return [];
    }
    return value.map((entry, index) => item(entry, `${this.path}.${key}[${index}]`));
  }

  private fail(key: string, expected: string): void {
    this.errors.push(`${this.path}.${key} must be ${expected}`);
  }
}
