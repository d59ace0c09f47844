/**
 * Scrubs credentials out of text before it can reach an error message, a log or a stack trace.
 *
 * @packageDocumentation
 */

/** What replaces a removed secret. */
export const REDACTED = "[REDACTED]";

// "Bearer <token>" in any casing, whatever the token looks like, up to the next whitespace or quote.
const BEARER_PATTERN = /\bBearer\s+[^\s"',;]+/gi;

/**
 * Removes `Bearer <token>` credentials and every literal `secrets` value (also in URL-encoded form)
 * from `text`.
 *
 * @param text - text that may contain a credential, including text the API sent back.
 * @param secrets - values that must never appear, typically the API key.
 * @returns `text` with each credential replaced by {@link REDACTED}.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(BEARER_PATTERN, `Bearer ${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const forms = new Set([secret, encodeURIComponent(secret)]);
    for (const form of forms) result = result.split(form).join(REDACTED);
  }
  return result;
}

/**
 * Returns a function that applies {@link redactSecrets} with a fixed list of secrets, so the
 * secrets live only inside the closure.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const kept = Object.freeze([...secrets]);
  return (text: string): string => redactSecrets(text, kept);
}
