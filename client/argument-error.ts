/**
 * {@link InvalidArgumentError}: a caller passed a value the SDK refuses to send, found before any
 * request is made.
 *
 * @packageDocumentation
 */

// Symbol.for, as for NodionError: a second copy of this module must recognise these errors too.
const INVALID_ARGUMENT_BRAND: unique symbol = Symbol.for("pulumi-nodion/InvalidArgumentError");

/**
 * A client option or method argument is malformed or unsafe (an ID that is not a UUID, a base URL
 * with a query string, a header value with a line break). A `TypeError`, so code that caught the
 * SDK's earlier `TypeError`s still does. The message names the parameter and never contains the
 * API key.
 */
export class InvalidArgumentError extends TypeError {
  /** Brand that {@link InvalidArgumentError.isInstance} checks. */
  readonly [INVALID_ARGUMENT_BRAND] = true as const;

  /**
   * @param parameter - the option or argument at fault, e.g. `applicationId`.
   * @param reason - what is wrong, completing "`parameter` …"; must not quote secret values.
   */
  constructor(
    readonly parameter: string,
    reason: string,
  ) {
    super(`${parameter} ${reason}`);
    Object.defineProperty(this, "name", {
      value: "InvalidArgumentError",
      configurable: true,
      writable: true,
    });
  }

  /** Whether `error` is an {@link InvalidArgumentError} from any copy of this module. */
  static isInstance(error: unknown): error is InvalidArgumentError {
    return (
      typeof error === "object" &&
      error !== null &&
      (error as { [INVALID_ARGUMENT_BRAND]?: unknown })[INVALID_ARGUMENT_BRAND] === true
    );
  }
}

/** Returns `value` if it is a non-empty string; throws {@link InvalidArgumentError} otherwise. */
export function requireText(parameter: string, value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0) {
    throw new InvalidArgumentError(parameter, "must be a non-empty string");
  }
  return value;
}

/**
 * Returns `value` if it can go into an HTTP header as is: printable ASCII without spaces. A CR or
 * LF would end the header and let the value inject others; other control or non-ASCII characters
 * make Node refuse the request later, with an error that could quote the value. The message never
 * quotes the value, since for `apiKey` it is the secret.
 */
export function requireHeaderSafe(parameter: string, value: unknown): string {
  const text = requireText(parameter, value);
  if (![...text].every((c) => c >= "!" && c <= "~")) {
    throw new InvalidArgumentError(
      parameter,
      "must consist of printable ASCII characters without spaces, line breaks or other control characters",
    );
  }
  return text;
}
