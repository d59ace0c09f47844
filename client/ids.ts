/**
 * Checks the IDs that become part of a request path.
 *
 * Why the SDK checks them itself rather than trusting its callers: an ID goes into the URL path,
 * and even URL-encoded, `.` or `..` is resolved by URL parsers and proxies as a path segment, so
 * `getApplication("..")` would read `/v1` instead. Application and deployment IDs are UUIDs in
 * Nodion's API, so anything else is refused before a request is made.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from "./argument-error";

// Any UUID version and variant, either case; Nodion's examples use version 4.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its usual 8-4-4-4-12 hex form. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * Returns `value` if it is a UUID; throws {@link InvalidArgumentError} naming `parameter`
 * otherwise. The value is quoted (shortened) so the user can find it.
 */
export function requireUuid(parameter: string, value: unknown): string {
  if (isUuid(value)) return value;
  const shown =
    typeof value === "string" ? JSON.stringify(value.slice(0, 60)) : `a ${typeof value}`;
  throw new InvalidArgumentError(parameter, `must be a UUID, got ${shown}`);
}
