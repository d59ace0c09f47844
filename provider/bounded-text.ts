import type { Redactor } from "../client";

/**
 * `text` with every credential removed, then cut to `maxChars` (ending in `…`). Redaction comes
 * first, so a cut can never leave part of a key behind; the redactor's own `maxChars` only bounds
 * its work on huge text and keeps a wide margin, so the cut here is what bounds the length.
 */
export function redactedExcerpt(text: string, maxChars: number, redact: Redactor): string {
  const clean = redact(text, maxChars);
  return clean.length > maxChars ? `${clean.slice(0, maxChars).trimEnd()}…` : clean;
}
