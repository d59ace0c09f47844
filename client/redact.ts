/**
 * Scrubs credentials out of text before it can reach an error message, a log or a stack trace.
 *
 * A server, proxy or error page may echo the key in any encoding it likes, and may mix encodings
 * within one key (a JSON encoder escaping only `/`, a URL encoder using lower-case hex). Listing
 * whole encoded strings misses such mixes, so the matcher is built per character instead: each
 * character of the key may appear in any of its encoded forms, independently of its neighbours.
 * Encodings that transform several characters at once (base64, hex) are matched as their own
 * strings, which in turn go through the same per-character forms.
 *
 * @packageDocumentation
 */

/** What replaces a removed secret. */
export const REDACTED = "[REDACTED]";

// "Bearer <token>" in any casing, whatever the token looks like, up to the next whitespace or
// quote. Runs after the key itself was removed, so it only has to catch tokens we do not know.
const BEARER_PATTERN = /\bBearer\s+[^\s"',;]+/gi;

// Below this length a base64 or hex rendering of a secret is short enough to occur by chance in
// ordinary text, so only the secret's character-level forms are matched.
const MIN_DERIVED_LENGTH = 8;

// JSON nested in JSON doubles the backslashes of each level; eight covers three levels and keeps
// the quantifiers bounded, so matching stays linear.
const MAX_BACKSLASHES = 8;

const NAMED_ENTITIES: Readonly<Record<string, readonly string[]>> = {
  "&": ["amp"],
  "<": ["lt"],
  ">": ["gt"],
  '"': ["quot"],
  "'": ["apos"],
};

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** One hex digit matching either letter case, so `%2f` and `%2F` are both caught. */
function hexDigit(digit: string): string {
  return /[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit;
}

function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, "0")].map(hexDigit).join("");
}

/** Every form one character (a code point) can take in text that echoes a secret. */
function characterForms(char: string): string[] {
  const codePoint = char.codePointAt(0) ?? 0;
  const escapes = `\\\\{0,${MAX_BACKSLASHES - 1}}`; // extra backslashes of nested JSON
  const forms = [escapeRegExp(char)];
  // Percent-encoding of each UTF-8 byte, either hex case, also double-encoded (`%252F`).
  const bytes = [...Buffer.from(char, "utf8")];
  forms.push(bytes.map((b) => `%(?:25)?${hexPattern(b, 2)}`).join(""));
  // JSON `\uXXXX` of each UTF-16 unit, either hex case, at any nesting depth.
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  forms.push(units.map((u) => `${escapes}\\\\u${hexPattern(u, 4)}`).join(""));
  // JSON short escapes: `\/`, `\"`, `\\` (nested JSON adds backslashes).
  if (char === "/" || char === '"') forms.push(`${escapes}\\\\${escapeRegExp(char)}`);
  if (char === "\\") forms.push(`\\\\{2,${MAX_BACKSLASHES}}`);
  // HTML character references, decimal, hex and named.
  forms.push(`&#0*${codePoint};`, `&#[xX]0*${hexPattern(codePoint, 1)};`);
  for (const name of NAMED_ENTITIES[char] ?? []) forms.push(`&${name};`);
  // Form encoding writes a space as `+`.
  if (char === " ") forms.push("\\+");
  return forms;
}

function anyFormOf(text: string): string {
  return [...text].map((char) => `(?:${characterForms(char).join("|")})`).join("");
}

/**
 * The part of the base64 rendering of `bytes` that depends only on them, when they start `offset`
 * bytes (0, 1 or 2) into a larger encoded value such as `base64("user:" + key)`.
 */
function base64Core(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString("base64")
    .replace(/=+$/, "");
  const first = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(first, end);
}

/** Patterns for `secret` encoded as a whole: base64, base64url and hex. */
function derivedPatterns(secret: string): string[] {
  if (secret.length < MIN_DERIVED_LENGTH) return [];
  const bytes = Buffer.from(secret, "utf8");
  const patterns: string[] = [];
  for (const offset of [0, 1, 2]) {
    const core = base64Core(bytes, offset);
    patterns.push(anyFormOf(core), anyFormOf(core.replace(/\+/g, "-").replace(/\//g, "_")));
  }
  patterns.push([...bytes.toString("hex")].map(hexDigit).join(""));
  return patterns;
}

/**
 * Builds one pattern matching `secrets` in every encoded form: each character literal,
 * percent-encoded (either hex case, also double-encoded), JSON-escaped (`\uXXXX`, `\/`, `\"`,
 * `\\`, also nested) or as an HTML character reference, in any mix; and the secret's base64,
 * base64url and hex renderings (the latter case-insensitively), themselves in any of those forms.
 * Returns `undefined` when there is nothing to match.
 */
export function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const alternatives: string[] = [];
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    alternatives.push(anyFormOf(secret), ...derivedPatterns(secret));
  }
  if (alternatives.length === 0) return undefined;
  // Longest first, so a whole encoded key wins over a shorter alternative inside it.
  alternatives.sort((a, b) => b.length - a.length);
  return new RegExp(alternatives.map((a) => `(?:${a})`).join("|"), "g");
}

function applyRedaction(text: string, pattern: RegExp | undefined): string {
  const withoutSecrets = pattern === undefined ? text : text.replace(pattern, REDACTED);
  return withoutSecrets.replace(BEARER_PATTERN, `Bearer ${REDACTED}`);
}

/**
 * Removes every `secrets` value, in every encoded form {@link secretPattern} knows, and any
 * `Bearer <token>` credential from `text`.
 *
 * @param text - text that may contain a credential, including text the API sent back.
 * @param secrets - values that must never appear, typically the API key.
 * @returns `text` with each credential replaced by {@link REDACTED}.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return applyRedaction(text, secretPattern(secrets));
}

/**
 * Removes credentials from `text`. With `maxChars`, only about the first `maxChars` characters are
 * kept (ending in `…` when text was dropped), which keeps redaction cheap on a huge body while
 * still never leaving part of a secret at the cut.
 */
export type Redactor = (text: string, maxChars?: number) => string;

// The longest text one character of a secret can become (`\\\\\\\\u00e9` and the like, with
// room to spare), used to bound how far an encoded secret can reach past a cut.
const MAX_FORM_LENGTH = 24;

/**
 * Returns a {@link Redactor} for a fixed list of secrets, so the secrets live only inside the
 * closure (compiled once).
 *
 * Why `maxChars` is safe: the text is first cut a little past `maxChars` (by the longest encoded
 * length a secret can have), then redacted, and then that margin is dropped again. A secret lying
 * across the first cut is unredacted only in the margin, which is thrown away.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  // Built on first use: most operations never show text from elsewhere, and the pattern of every
  // encoded form of a key takes milliseconds to build.
  let built: { pattern: RegExp | undefined } | undefined;
  const pattern = (): RegExp | undefined => (built ??= { pattern: secretPattern(secrets) }).pattern;
  const longest = secrets.reduce((max, s) => Math.max(max, s.length), 0);
  // base64 makes 4 characters of 3 bytes, so a derived form reaches at most 4/3 as far.
  const margin = Math.ceil(((longest * 4) / 3 + 4) * MAX_FORM_LENGTH);
  return (text: string, maxChars?: number): string => {
    if (maxChars === undefined || text.length <= maxChars + margin) {
      return applyRedaction(text, pattern());
    }
    const head = applyRedaction(text.slice(0, maxChars + margin), pattern());
    return `${head.slice(0, Math.max(head.length - margin, 0))}…`;
  };
}
