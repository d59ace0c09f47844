/**
 * Errors the provider raises on purpose: a message of one line a user can act on, and no stack
 * trace. The Node dynamic-provider host prints `${err}: ${err.stack}` for failures of check, diff,
 * read and delete (and `err.stack` for uncaught ones), so a normal Error shows its JavaScript stack
 * under the message, pointing into this package's .ts files. A {@link ProviderError} prints as
 * `nodion: <message>`. Whatever else escapes an operation (an API error, a bug) is made one by
 * `error-text.ts` at the edge of each face, its stack printed only on request.
 *
 * @packageDocumentation
 */

// Symbol.for: a serialized provider can load a second copy of this module.
const PROVIDER_ERROR_BRAND: unique symbol = Symbol.for("pulumi-nodion/ProviderError");

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** A deliberate failure of the provider: one line, no stack trace. */
export class ProviderError extends Error {
  /** Brand that {@link ProviderError.isInstance} checks. */
  readonly [PROVIDER_ERROR_BRAND] = true as const;

  /**
   * @param message - the summary; always one line (line breaks are joined), always first.
   * @param details - lines shown under it (each made one line), such as a failed build's log.
   */
  constructor(message: string, details: readonly string[] = []) {
    // One line per entry whatever the caller passed, so the summary stays the first line and a
    // detail cannot forge lines of its own.
    super([message, ...details].map(oneLine).join("\n"));
    Object.defineProperty(this, "name", { value: new.target.name, configurable: true });
    // The "stack" is the message alone, so every way the host prints an error gives one line.
    Object.defineProperty(this, "stack", {
      value: this.message,
      configurable: true,
      writable: true,
    });
  }

  /** The host prints `${err}: ${err.stack}`; with this the line reads `nodion: <message>`. */
  override toString(): string {
    return "nodion";
  }

  /** Whether `error` is a {@link ProviderError} from any copy of this module. */
  static isInstance(error: unknown): error is ProviderError {
    return (
      typeof error === "object" &&
      error !== null &&
      (error as { [PROVIDER_ERROR_BRAND]?: unknown })[PROVIDER_ERROR_BRAND] === true
    );
  }
}
