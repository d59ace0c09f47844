/**
 * The error hierarchy of the SDK: one branded base class and one subclass per failure kind.
 * Instances are built only by the factory in `error-factory.ts`, which is also the only place that
 * decides whether a failure may be retried.
 *
 * @packageDocumentation
 */

/** What went wrong, independent of the HTTP status that reported it. */
export type NodionErrorKind =
  | "authentication"
  | "permission"
  | "not_found"
  | "validation"
  | "rate_limit"
  | "server"
  | "network"
  | "timeout"
  | "malformed_response"
  | "response_too_large";

// Symbol.for, not Symbol(): a serialized Pulumi provider can load a second copy of this module,
// and both copies must recognise each other's errors.
const NODION_ERROR_BRAND: unique symbol = Symbol.for("pulumi-nodion/NodionError");

/** The request an error is about, without any credential. */
export interface RequestContext {
  /** What the caller was doing, e.g. `trigger deployment`. */
  readonly operation: string;
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** URL path including the API version, e.g. `/v1/applications/…/deployments`. */
  readonly path: string;
  /** The application the request was about, if any. */
  readonly applicationId?: string;
}

/** Everything an error carries. Built by the factory; not meant to be assembled by callers. */
export interface NodionErrorInit extends RequestContext {
  /** One redacted line. */
  readonly message: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Whether sending the same request again is safe and may succeed. */
  readonly retryable: boolean;
  /**
   * Whether a non-idempotent request may have been carried out even though it failed, so the
   * caller must look before repeating it.
   */
  readonly outcomeUnknown: boolean;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The API's own (redacted) error text, when it sent one. */
  readonly apiMessage?: string;
  /** For a {@link ResponseTooLargeError}: the response size limit that was exceeded, in bytes. */
  readonly limitBytes?: number;
}

/**
 * Base class of every error the SDK throws for a failed API call. Test with
 * {@link NodionError.isInstance} (or a subclass's `isInstance`), not `instanceof`.
 * Never carries the API key, the `Authorization` header or the underlying HTTP library's error.
 */
export abstract class NodionError extends Error {
  /** Brand that {@link NodionError.isInstance} checks. */
  readonly [NODION_ERROR_BRAND] = true as const;
  /** The failure kind; each subclass fixes one. */
  abstract readonly kind: NodionErrorKind;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** What the caller was doing, e.g. `trigger deployment`. */
  readonly operation: string;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL path of the failed request. */
  readonly path: string;
  /** The application the request was about, if any. */
  readonly applicationId?: string;
  /** Whether sending the same request again is safe and may succeed. */
  readonly retryable: boolean;
  /** Whether a non-idempotent request may have been carried out despite the failure. */
  readonly outcomeUnknown: boolean;
  /** How long the server asked us to wait before retrying, in milliseconds. */
  readonly retryAfterMs?: number;
  /** The API's own error text, redacted. */
  readonly apiMessage?: string;

  /** @internal Use the factory in `error-factory.ts`. */
  protected constructor(init: NodionErrorInit) {
    super(init.message);
    // Non-enumerable like Error's own `name`, so it does not clutter JSON or inspect output.
    Object.defineProperty(this, "name", {
      value: new.target.name,
      configurable: true,
      writable: true,
    });
    // Re-capture so the stack's first line shows the subclass name instead of "Error".
    Error.captureStackTrace(this, new.target);
    this.operation = init.operation;
    this.method = init.method;
    this.path = init.path;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    if (init.status !== undefined) this.status = init.status;
    if (init.applicationId !== undefined) this.applicationId = init.applicationId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.apiMessage !== undefined) this.apiMessage = init.apiMessage;
  }

  /** Whether `error` is a {@link NodionError} from any copy of this module. */
  static isInstance(error: unknown): error is NodionError {
    return (
      typeof error === "object" &&
      error !== null &&
      (error as { [NODION_ERROR_BRAND]?: unknown })[NODION_ERROR_BRAND] === true
    );
  }

  /** A plain, credential-free representation for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      operation: this.operation,
      method: this.method,
      path: this.path,
      applicationId: this.applicationId,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      retryAfterMs: this.retryAfterMs,
      apiMessage: this.apiMessage,
    };
  }
}

function isKind(error: unknown, kind: NodionErrorKind): boolean {
  return NodionError.isInstance(error) && error.kind === kind;
}

/** The API key is missing, invalid or expired (HTTP 401). */
export class AuthenticationError extends NodionError {
  readonly kind = "authentication" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is an {@link AuthenticationError} from any copy of this module. */
  static override isInstance(error: unknown): error is AuthenticationError {
    return isKind(error, "authentication");
  }
}

/** The API key lacks a scope or access to the project (HTTP 403). */
export class PermissionError extends NodionError {
  readonly kind = "permission" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link PermissionError} from any copy of this module. */
  static override isInstance(error: unknown): error is PermissionError {
    return isKind(error, "permission");
  }
}

/** The application (or route) does not exist in the selected project (HTTP 404). */
export class NotFoundError extends NodionError {
  readonly kind = "not_found" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link NotFoundError} from any copy of this module. */
  static override isInstance(error: unknown): error is NotFoundError {
    return isKind(error, "not_found");
  }
}

/** The API rejected the request (HTTP 400, 422 and other client errors). */
export class ValidationError extends NodionError {
  readonly kind = "validation" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link ValidationError} from any copy of this module. */
  static override isInstance(error: unknown): error is ValidationError {
    return isKind(error, "validation");
  }
}

/** Too many requests (HTTP 429); see `retryAfterMs`. */
export class RateLimitError extends NodionError {
  readonly kind = "rate_limit" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link RateLimitError} from any copy of this module. */
  static override isInstance(error: unknown): error is RateLimitError {
    return isKind(error, "rate_limit");
  }
}

/** The API or a proxy in front of it failed (HTTP 5xx). */
export class ServerError extends NodionError {
  readonly kind = "server" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link ServerError} from any copy of this module. */
  static override isInstance(error: unknown): error is ServerError {
    return isKind(error, "server");
  }
}

/** No usable connection: DNS failure, refused, reset or dropped connection. */
export class NetworkError extends NodionError {
  readonly kind = "network" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link NetworkError} from any copy of this module. */
  static override isInstance(error: unknown): error is NetworkError {
    return isKind(error, "network");
  }
}

/** No response within the request timeout, or HTTP 408 from the server. */
export class TimeoutError extends NodionError {
  readonly kind = "timeout" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link TimeoutError} from any copy of this module. */
  static override isInstance(error: unknown): error is TimeoutError {
    return isKind(error, "timeout");
  }
}

/** A response this client cannot use: not JSON, HTML, wrong shape, or an unexpected redirect. */
export class MalformedResponseError extends NodionError {
  readonly kind = "malformed_response" as const;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
  }
  /** Whether `error` is a {@link MalformedResponseError} from any copy of this module. */
  static override isInstance(error: unknown): error is MalformedResponseError {
    return isKind(error, "malformed_response");
  }
}

/**
 * The response body was larger than the client's limit (`maxResponseBytes`), so it was not read
 * to the end. Keeps a runaway or wrong server from exhausting the memory of the process.
 */
export class ResponseTooLargeError extends NodionError {
  readonly kind = "response_too_large" as const;
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  /** @internal */
  constructor(init: NodionErrorInit) {
    super(init);
    this.limitBytes = init.limitBytes ?? 0;
  }
  /** Whether `error` is a {@link ResponseTooLargeError} from any copy of this module. */
  static override isInstance(error: unknown): error is ResponseTooLargeError {
    return isKind(error, "response_too_large");
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}
