/**
 * The one place that turns whatever a provider operation threw into what the user reads, for both
 * faces (the dynamic resource's handlers and the plugin's gRPC answers): the message alone, its
 * summary on the first line, no class name (`NotFoundError: …`) and no JavaScript stack. A stack
 * says where our code broke, which is for us: it goes to stderr (the plugin's or the
 * dynamic-provider host's) only when {@link ERROR_STACKS_ENV} is `1`. The engine shows the
 * dynamic-provider host's stderr as it comes, and a plugin's only in debug output (`--debug`).
 *
 * @packageDocumentation
 */
import { NodionError } from "../client";
import { ProviderError } from "./expected-error";

/** Set to `1` to have the provider print the JavaScript stack of a failure under it, to stderr. */
export const ERROR_STACKS_ENV = "PULUMI_NODION_ERROR_STACKS";

/** What the user reads for `err`: its message, one line per entry, never a class name or stack. */
export function errorText(err: unknown): string {
  if (ProviderError.isInstance(err)) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  const text = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return text === "" ? "the nodion provider failed without a message" : text;
}

/**
 * An API failure (a {@link NodionError}) as a one-line {@link ProviderError}; anything else (a
 * bug) as it is, its stack kept for {@link asProviderError}.
 */
export function expectedError(err: unknown): unknown {
  return NodionError.isInstance(err) ? new ProviderError(errorText(err)) : err;
}

/**
 * `err` as a {@link ProviderError}: a deliberate one (a recorded failure included) as it is,
 * anything else with {@link errorText} as its message. The original stack goes to `debug` when
 * {@link ERROR_STACKS_ENV} asks for it.
 */
export function asProviderError(
  err: unknown,
  debug: (stack: string) => void = writeStderr,
  env: NodeJS.ProcessEnv = process.env,
): ProviderError {
  if (ProviderError.isInstance(err)) return err;
  if (env[ERROR_STACKS_ENV] === "1" && err instanceof Error && err.stack !== undefined) {
    debug(err.stack);
  }
  return new ProviderError(errorText(err));
}

/**
 * `method` with every failure turned into a {@link ProviderError} by {@link asProviderError}: the
 * dynamic-provider host prints `${err}: ${err.stack}` for some methods and `err.message` for
 * others, and either reads `nodion: <one line>` then.
 */
export function withErrorText<A extends unknown[], R>(
  method: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await method(...args);
    } catch (err) {
      throw asProviderError(err);
    }
  };
}

function writeStderr(stack: string): void {
  process.stderr.write(`${stack}\n`);
}
