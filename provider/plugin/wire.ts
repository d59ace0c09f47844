/**
 * Property values as they cross the wire between the engine and the plugin: protobuf structs,
 * secrets in Pulumi's envelope and the unknown-value sentinel. The core provider sees plain values;
 * which top-level properties were secret is remembered and put back on the way out, so a secret
 * input stays secret in state.
 *
 * @packageDocumentation
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key that marks a special value in a property map (Pulumi's wire format). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A property map as plain JavaScript values. */
export type PropertyMap = Record<string, unknown>;

/** A struct (absent or empty) as a property map. */
export function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() as PropertyMap | undefined) ?? {};
}

/** A property map as a struct; undefined values are left out. */
export function toStruct(map: object): Struct {
  const defined = Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
  return Struct.fromJavaScript(defined as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Whether `value` is a secret envelope. */
export function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Wraps `value` as a secret. */
export function secret(value: unknown): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret envelope, at any depth, replaced by its content. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** Whether `value` holds a secret anywhere. */
function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** A property map without secret envelopes, and the top-level keys that held a secret. */
export interface Revealed {
  readonly plain: PropertyMap;
  readonly secretKeys: ReadonlySet<string>;
}

/** Opens every secret of `map`, remembering which top-level properties held one. */
export function revealMap(map: PropertyMap): Revealed {
  const secretKeys = new Set(Object.keys(map).filter((k) => holdsSecret(map[k])));
  return { plain: reveal(map) as PropertyMap, secretKeys };
}

/** `map` with the properties named in `secretKeys` wrapped as secrets again. */
export function concealKeys(map: object, secretKeys: ReadonlySet<string>): PropertyMap {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [
      k,
      secretKeys.has(k) && v !== undefined && v !== null ? secret(v) : v,
    ]),
  );
}
