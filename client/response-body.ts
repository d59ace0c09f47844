/**
 * Reads raw HTTP response bodies: decodes JSON, recognises HTML and plain text, and pulls out the
 * API's own error text from the shapes Nodion is known to use.
 *
 * Text from the body is redacted before it is shortened: a cut made first could leave the start
 * of an echoed key that no redaction can recognise any more.
 *
 * @packageDocumentation
 */
import type { Redactor } from "./redact";

/** What a raw body turned out to be. */
export type BodyReading =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "empty" }
  | { readonly kind: "html" }
  | { readonly kind: "text"; readonly snippet: string };

const MAX_TEXT = 200;
const MAX_API_MESSAGE = 300;

// For callers that only classify a body and never show its text.
const unredacted: Redactor = (text) => text;

/** Collapses whitespace to single spaces and shortens `text` to `max` characters. */
export function oneLine(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Classifies a raw body. JSON is recognised by parsing, whatever the `Content-Type` says, because
 * proxies and error pages often mislabel it; HTML by its content type or a leading `<`.
 *
 * @param redact - applied to a text snippet before it is shortened. Pass one whenever the
 *   snippet may be shown; without it the snippet is unredacted.
 */
export function readBody(
  raw: string,
  contentType: string | undefined,
  redact: Redactor = unredacted,
): BodyReading {
  const trimmed = raw.trim();
  if (trimmed.length === 0) return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(trimmed) as unknown };
  } catch {
    // Not JSON; classify below.
  }
  if (/html/i.test(contentType ?? "") || trimmed.startsWith("<")) return { kind: "html" };
  return { kind: "text", snippet: oneLine(redact(trimmed, MAX_TEXT * 4), MAX_TEXT) };
}

/** Describes a body that is not JSON, for an error message. Never includes HTML. */
export function describeNonJson(reading: BodyReading): string {
  switch (reading.kind) {
    case "html":
      return "received an HTML page instead of JSON (a proxy error?)";
    case "empty":
      return "received an empty body instead of JSON";
    case "text":
      return `received non-JSON text instead of JSON: "${reading.snippet}"`;
    case "json":
      return "received JSON";
  }
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const message = (value as Record<string, unknown>)["message"];
    if (typeof message === "string") return message.trim() || undefined;
  }
  return undefined;
}

// Rails-style validation errors: ["Name can't be blank"] or {"name": ["can't be blank"]}.
function textOfErrors(errors: unknown): string | undefined {
  if (Array.isArray(errors)) {
    const parts = errors.map(textOf).filter((t): t is string => t !== undefined);
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
  if (typeof errors === "object" && errors !== null) {
    const parts = Object.entries(errors).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages])
        .map(textOf)
        .filter((t): t is string => t !== undefined)
        .map((t) => `${field} ${t}`),
    );
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
  return textOf(errors);
}

/**
 * Extracts the API's error text from `{"errors": [...]}`, `{"error": "..."}` or
 * `{"message": "..."}`, redacted with `redact` and then flattened to one short line. Returns
 * `undefined` for any other shape.
 */
export function extractApiMessage(
  value: unknown,
  redact: Redactor = unredacted,
): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const body = value as Record<string, unknown>;
  const text = textOfErrors(body["errors"]) ?? textOf(body["error"]) ?? textOf(body["message"]);
  return text === undefined
    ? undefined
    : oneLine(redact(text, MAX_API_MESSAGE * 4), MAX_API_MESSAGE);
}
