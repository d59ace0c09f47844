/**
 * Validates Nodion's snake_case JSON and turns it into the camelCase models of `types.ts`.
 * Required fields must be present with the right type; optional fields may be missing or `null`
 * (both become `null`); unknown fields are ignored so additive API changes do not break callers.
 *
 * @packageDocumentation
 */
import type { Application, Deployment, Domain, LogLine, Region } from "./types";

/**
 * A response body that does not have the documented shape. `field` is the JSON path of the
 * offending value (for example `deployments[0].deploy_number`); the client turns this into a
 * {@link MalformedResponseError}.
 */
export class WireFormatError extends Error {
  override readonly name = "WireFormatError";

  /**
   * @param field - JSON path of the offending value.
   * @param problem - what is wrong with it, e.g. `is missing`.
   */
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

type JsonObject = Readonly<Record<string, unknown>>;

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function objectAt(value: unknown, at: string): JsonObject {
  if (value === undefined) throw new WireFormatError(at, "is missing");
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as JsonObject;
  }
  throw new WireFormatError(at, `must be an object but is ${describeType(value)}`);
}

function arrayAt(value: unknown, at: string): readonly unknown[] {
  if (value === undefined) throw new WireFormatError(at, "is missing");
  if (Array.isArray(value)) return value;
  throw new WireFormatError(at, `must be an array but is ${describeType(value)}`);
}

function requiredString(obj: JsonObject, key: string, at: string): string {
  const value = obj[key];
  if (value === undefined || value === null)
    throw new WireFormatError(`${at}.${key}`, "is missing");
  if (typeof value !== "string") {
    throw new WireFormatError(`${at}.${key}`, `must be a string but is ${describeType(value)}`);
  }
  return value;
}

function requiredId(obj: JsonObject, key: string, at: string): string {
  const value = requiredString(obj, key, at);
  if (value.length === 0) throw new WireFormatError(`${at}.${key}`, "is empty");
  return value;
}

function requiredInteger(obj: JsonObject, key: string, at: string): number {
  const value = obj[key];
  if (value === undefined || value === null)
    throw new WireFormatError(`${at}.${key}`, "is missing");
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new WireFormatError(`${at}.${key}`, `must be an integer but is ${describeType(value)}`);
  }
  return value;
}

function optionalString(obj: JsonObject, key: string, at: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    throw new WireFormatError(
      `${at}.${key}`,
      `must be a string or null but is ${describeType(value)}`,
    );
  }
  return value;
}

/**
 * Parses one wire deployment.
 *
 * @param value - the decoded JSON value.
 * @param at - JSON path used in error messages.
 * @throws {@link WireFormatError} if a required field is missing or a field has the wrong type.
 */
export function parseDeployment(value: unknown, at = "deployment"): Deployment {
  const obj = objectAt(value, at);
  return Object.freeze({
    id: requiredId(obj, "id", at),
    status: requiredString(obj, "status", at),
    deployNumber: requiredInteger(obj, "deploy_number", at),
    gitSha: optionalString(obj, "git_sha", at),
    commitMessage: optionalString(obj, "commit_message", at),
    committerName: optionalString(obj, "committer_name", at),
    committerEmail: optionalString(obj, "committer_email", at),
    committerUsername: optionalString(obj, "committer_username", at),
    commitTimestamp: optionalString(obj, "commit_timestamp", at),
    strategy: optionalString(obj, "strategy", at),
    imageReference: optionalString(obj, "image_reference", at),
    createdAt: requiredString(obj, "created_at", at),
    updatedAt: optionalString(obj, "updated_at", at),
  } satisfies Deployment);
}

function parseRegion(value: unknown, at: string): Region | null {
  if (value === undefined || value === null) return null;
  const obj = objectAt(value, at);
  return Object.freeze({
    id: requiredId(obj, "id", at),
    name: requiredString(obj, "name", at),
    slug: requiredString(obj, "slug", at),
  } satisfies Region);
}

/**
 * Parses one wire application.
 *
 * @param value - the decoded JSON value.
 * @param at - JSON path used in error messages.
 * @throws {@link WireFormatError} if a required field is missing or a field has the wrong type.
 */
export function parseApplication(value: unknown, at = "application"): Application {
  const obj = objectAt(value, at);
  return Object.freeze({
    id: requiredId(obj, "id", at),
    name: requiredString(obj, "name", at),
    status: optionalString(obj, "status", at),
    state: optionalString(obj, "state", at),
    deploymentStrategy: optionalString(obj, "deployment_strategy", at),
    imageName: optionalString(obj, "image_name", at),
    imageTag: optionalString(obj, "image_tag", at),
    region: parseRegion(obj["region"], `${at}.region`),
  } satisfies Application);
}

function parseList<T>(body: unknown, key: string, parseItem: (v: unknown, at: string) => T): T[] {
  const items = arrayAt(objectAt(body, "body")[key], key);
  return items.map((item, index) => parseItem(item, `${key}[${index}]`));
}

/**
 * Parses `{"deployments": [...]}` in server order.
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseDeploymentList(body: unknown): Deployment[] {
  return parseList(body, "deployments", parseDeployment);
}

/**
 * Parses `{"deployment": {...}}`.
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseDeploymentEnvelope(body: unknown): Deployment {
  return parseDeployment(objectAt(body, "body")["deployment"], "deployment");
}

/**
 * Parses `{"applications": [...]}` in server order.
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseApplicationList(body: unknown): Application[] {
  return parseList(body, "applications", parseApplication);
}

/**
 * Parses `{"application": {...}}`.
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseApplicationEnvelope(body: unknown): Application {
  return parseApplication(objectAt(body, "body")["application"], "application");
}

/**
 * Parses one wire log line. `msg` is required but may be empty or `null` (read as empty): a blank
 * line is still a line.
 *
 * @throws {@link WireFormatError} if a field is missing or has the wrong type.
 */
export function parseLogLine(value: unknown, at = "log"): LogLine {
  const obj = objectAt(value, at);
  return Object.freeze({
    timestamp: requiredString(obj, "ts", at),
    message: optionalString(obj, "msg", at) ?? "",
    instanceId: optionalString(obj, "instance_id", at),
  } satisfies LogLine);
}

/**
 * Parses `{"logs": [...]}` in server order (oldest first, as Nodion documents).
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseLogList(body: unknown): LogLine[] {
  return parseList(body, "logs", parseLogLine);
}

/**
 * Parses one wire domain.
 *
 * @throws {@link WireFormatError} if a required field is missing or a field has the wrong type.
 */
export function parseDomain(value: unknown, at = "domain"): Domain {
  const obj = objectAt(value, at);
  return Object.freeze({
    id: requiredId(obj, "id", at),
    domainName: requiredId(obj, "domain_name", at),
    domainType: optionalString(obj, "domain_type", at),
    status: optionalString(obj, "status", at),
  } satisfies Domain);
}

/**
 * Parses `{"domains": [...]}` in server order.
 *
 * @throws {@link WireFormatError} on any shape problem.
 */
export function parseDomainList(body: unknown): Domain[] {
  return parseList(body, "domains", parseDomain);
}
