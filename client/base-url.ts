/**
 * The one place that decides what a base URL means, so two spellings of one API (with and
 * without a trailing `/`, `HTTPS://API.nodion.com:443/v1`) become one string. Clients, their
 * trigger claims and the provider's client cache all key on that string.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from "./argument-error";

/**
 * Parses and normalises an API base URL: http(s) only; scheme and host in lower case, the
 * default port dropped, `.` segments resolved and trailing slashes removed, e.g.
 * `https://api.nodion.com/v1`.
 *
 * Refused: anything but http(s); a query string or fragment (request paths are appended to the
 * base URL, so `?x` would swallow them into the query and `#x` would drop them); and user
 * information (`user:pass@`), since a credential does not belong in a URL that error messages
 * show. Messages do not quote the URL when it may carry such a secret.
 *
 * @throws {@link InvalidArgumentError} naming `baseUrl`.
 */
export function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError("baseUrl", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError("baseUrl", `must use http or https, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new InvalidArgumentError("baseUrl", "must not contain user information (user:pass@)");
  }
  // Checked on the raw text too: `new URL("https://x/v1?")` parses to an empty search.
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(baseUrl)) {
    throw new InvalidArgumentError(
      "baseUrl",
      "must not contain a query string (?…) or fragment (#…); request paths are appended to it",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
