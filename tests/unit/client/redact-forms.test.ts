import assert from "node:assert/strict";
import { createRedactor, REDACTED, redactSecrets } from "../../../client";

// A key holding every character class a key could hold, including the ones that encoders treat
// specially: base64's + / =, separators , ; ', JSON's " \ and /, HTML's & < >, percent itself.
const KEY = "nod_live_Ab+9/x=y,z;q'w\"e\\r&t<u>i%o_0123456789";

/** Every fragment of `key` this long that appears in `text` (none must survive redaction). */
function fragments(text: string, key: string, length = 6): string[] {
  const found: string[] = [];
  for (let i = 0; i + length <= key.length; i++) {
    const part = key.slice(i, i + length);
    if (text.includes(part)) found.push(part);
  }
  return found;
}

const jsonEscapeAll = (text: string): string =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const percentAll = (text: string, upper: boolean): string =>
  [...Buffer.from(text)]
    .map((b) => `%${b.toString(16).padStart(2, "0")}`)
    .map((s) => (upper ? s.toUpperCase() : s))
    .join("");
const lowerHex = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const mixed = (text: string): string =>
  [...text]
    .map((c, i) =>
      i % 3 === 0
        ? lowerHex(encodeURIComponent(c))
        : i % 3 === 1
          ? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`
          : c,
    )
    .join("");
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const b64url = (text: string): string => Buffer.from(text).toString("base64url");

const FORMS: readonly (readonly [string, (key: string) => string])[] = [
  ["literal", (k) => k],
  ["encodeURIComponent (upper-case hex)", (k) => encodeURIComponent(k)],
  ["lower-case percent-encoding", (k) => lowerHex(encodeURIComponent(k))],
  ["every byte percent-encoded, lower case", (k) => percentAll(k, false)],
  ["every byte percent-encoded, upper case", (k) => percentAll(k, true)],
  ["double percent-encoding", (k) => encodeURIComponent(encodeURIComponent(k))],
  ["form encoding (URLSearchParams)", (k) => new URLSearchParams({ t: k }).toString()],
  ["JSON.stringify", (k) => JSON.stringify(k)],
  ["JSON with escaped slashes (\\/)", (k) => JSON.stringify(k).replace(/\//g, "\\/")],
  ["JSON nested in JSON", (k) => JSON.stringify(JSON.stringify({ token: k }))],
  ["JSON \\u escapes for every character", jsonEscapeAll],
  [
    "JSON \\u escapes, upper-case hex",
    (k) => jsonEscapeAll(k).toUpperCase().replace(/\\U/g, "\\u"),
  ],
  ["mixed percent, \\u and literal characters", mixed],
  [
    "HTML entities",
    (k) =>
      k
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;"),
  ],
  [
    "HTML hex character references",
    (k) => [...k].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(""),
  ],
  ["base64", b64],
  ["base64 after a 1-byte prefix", (k) => b64(`x${k}`)],
  ["base64 after a 2-byte prefix (Basic auth)", (k) => b64(`u:${k}`)],
  ["base64url", b64url],
  ["base64url after a 1-byte prefix", (k) => b64url(`:${k}`)],
  ["base64 inside JSON with escaped slashes", (k) => JSON.stringify(b64(k)).replace(/\//g, "\\/")],
  ["base64 percent-encoded", (k) => encodeURIComponent(b64(`Bearer ${k}`))],
  ["hex, lower case", (k) => Buffer.from(k).toString("hex")],
  ["hex, upper case", (k) => Buffer.from(k).toString("hex").toUpperCase()],
  ["Authorization header echo", (k) => `Authorization: Bearer ${k}`],
];

describe("redaction of encoded keys", () => {
  for (const [name, encode] of FORMS) {
    it(`removes the key written as ${name}`, () => {
      const encoded = encode(KEY);
      const text = `before ${encoded} after`;
      const result = redactSecrets(text, [KEY]);
      assert.ok(result.includes(REDACTED), `nothing redacted in ${result}`);
      assert.deepEqual(fragments(result, KEY), [], result);
      // What may remain is the wrapper around the key (quotes, a base64 prefix, "Bearer "),
      // never a run of the encoded key itself.
      const wrapper = encode("").length + (/base64/.test(name) ? 12 : 0);
      const left = result.replace(REDACTED, "").length - "before  after".length;
      assert.ok(left <= wrapper, `${left} characters of the encoded key left: ${result}`);
      assert.ok(result.startsWith("before ") && result.endsWith(" after"), result);
    });
  }

  it("removes a key containing , ; and ' from a Bearer header", () => {
    const key = "ab,cd;ef'gh_ijklmnop";
    const result = redactSecrets(`Authorization: Bearer ${key}, next`, [key]);
    assert.equal(result, `Authorization: Bearer ${REDACTED}, next`);
  });

  it("keeps only the head of a long text without leaving part of a key at the cut", () => {
    const redact = createRedactor([KEY]);
    for (let at = 0; at < 400; at += 7) {
      const text = `${"a".repeat(at)}${KEY}${"b".repeat(5000)}`;
      const head = redact(text, 200);
      assert.ok(head.length < text.length && head.endsWith("…"));
      assert.deepEqual(fragments(head, KEY, 3), [], `key at ${at}: ${head}`);
    }
  });

  it("redacts a huge text quickly when only its head is wanted", () => {
    const redact = createRedactor([KEY]);
    const text = `${KEY} ${"x".repeat(50_000_000)}`;
    const started = Date.now();
    const head = redact(text, 300);
    assert.ok(head.startsWith(REDACTED));
    assert.ok(Date.now() - started < 1000, "took over a second");
  });

  it("leaves ordinary text alone", () => {
    const text = 'HTTP 400 {"errors":["Image tag is invalid"]} 2023-04-18T18:32:25.018+02:00';
    assert.equal(redactSecrets(text, [KEY]), text);
  });
});
