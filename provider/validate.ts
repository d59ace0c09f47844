import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import {
  INPUT_FIELDS,
  MAX_FAILURE_LOG_LINES,
  MAX_HEALTH_CHECK_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  OUTPUT_FIELDS,
} from "./args";
import { parseStatusRange } from "./health-check";

/**
 * The placeholder the Node dynamic-provider host puts where an input is not known yet (during a
 * preview, for values computed by other resources). Unknown values are not validated.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Docker's tag grammar: 1-128 characters, no leading '.' or '-'.
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MAX_TRIGGERS = 64;
const MAX_TRIGGER_LENGTH = 1024;
const WAIT_SETTINGS = ["available", "none"];

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Inputs a program might pass for the key; none is accepted, each gets the right way named. */
const KEY_LIKE = /^(api_?key|key|token|secret|password|authorization)$/i;

/** The message for an API key passed as an input: it would be written to state in plain text. */
export const KEY_AS_INPUT =
  "the API key must not be a resource input (state would hold it in plain text): run `pulumi config set --secret nodion:apiKey <key>` or set NODION_API_KEY";

// The host's own bookkeeping input (the serialized provider).
const HOST_INPUTS: readonly string[] = ["__provider"];

/**
 * Names every input the resource does not know. JavaScript programs are not type-checked, so a
 * typo (`trigger`) or a secret (`apiKey`) would otherwise be kept in state silently. The outputs'
 * seeds are accepted when empty: the resource passes them as `undefined`.
 */
function unknownInputs(news: Record<string, unknown>, fail: (p: string, r: string) => void) {
  const inputs: readonly string[] = INPUT_FIELDS;
  const outputs: readonly string[] = OUTPUT_FIELDS;
  for (const [property, value] of Object.entries(news)) {
    if (inputs.includes(property) || HOST_INPUTS.includes(property)) continue;
    if (outputs.includes(property) && (value === undefined || value === null)) continue;
    if (KEY_LIKE.test(property)) {
      fail(property, `${property}: ${KEY_AS_INPUT}`);
    } else {
      fail(
        property,
        `unknown input ${JSON.stringify(property.slice(0, 40))}: NodionDeployment accepts ${INPUT_FIELDS.join(", ")}`,
      );
    }
  }
}

/**
 * The inputs to keep: only the known ones. An unknown input fails `check` anyway; dropping it
 * too means a secret passed by mistake is never handed on towards state.
 */
export function knownInputs(news: Record<string, unknown>): Record<string, unknown> {
  const keep: readonly string[] = [...INPUT_FIELDS, ...HOST_INPUTS];
  return Object.fromEntries(Object.entries(news).filter(([k]) => keep.includes(k)));
}

/** Validates raw inputs and returns every failure at once (empty when all is well). */
export function validateInputs(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  unknownInputs(news, fail);

  const appId = news.applicationId;
  if (appId === undefined || appId === null || appId === "") {
    fail("applicationId", "applicationId is required: the UUID of the Nodion application");
  } else if (!isUnknown(appId) && !isUuid(appId)) {
    fail("applicationId", `applicationId must be a UUID, got ${describeValue(appId)}`);
  }

  validateTriggers(news.triggers, fail);

  const tag = news.imageTag;
  if (tag !== undefined && !isUnknown(tag) && !(typeof tag === "string" && IMAGE_TAG.test(tag))) {
    fail(
      "imageTag",
      `imageTag must be a Docker image tag (1-128 of A-Z a-z 0-9 _ . -, not starting with . or -), got ${describeValue(tag)}`,
    );
  }

  const wait = news.wait;
  if (wait !== undefined && !isUnknown(wait) && !WAIT_SETTINGS.includes(wait as string)) {
    fail("wait", `wait must be "available" or "none", got ${describeValue(wait)}`);
  }

  const timeout = news.timeoutSeconds;
  if (timeout !== undefined && !isUnknown(timeout)) {
    if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0) {
      fail(
        "timeoutSeconds",
        `timeoutSeconds must be a positive number, got ${describeValue(timeout)}`,
      );
    } else if (timeout > MAX_TIMEOUT_SECONDS) {
      fail(
        "timeoutSeconds",
        `timeoutSeconds must be at most ${MAX_TIMEOUT_SECONDS} (a day), got ${timeout}`,
      );
    }
  }

  const logLines = news.failureLogLines;
  if (logLines !== undefined && !isUnknown(logLines)) {
    if (
      typeof logLines !== "number" ||
      !Number.isInteger(logLines) ||
      logLines < 0 ||
      logLines > MAX_FAILURE_LOG_LINES
    ) {
      fail(
        "failureLogLines",
        `failureLogLines must be a whole number from 0 (no logs) to ${MAX_FAILURE_LOG_LINES}, got ${describeValue(logLines)}`,
      );
    }
  }

  validateHealthCheck(news.healthCheck, fail);

  const adopt = news.adoptDeploymentId;
  if (adopt !== undefined && !isUnknown(adopt) && !isUuid(adopt)) {
    fail("adoptDeploymentId", `adoptDeploymentId must be a UUID, got ${describeValue(adopt)}`);
  }
  const project = news.projectId;
  if (project !== undefined && !isUnknown(project)) {
    const problem = projectIdProblem(project, "projectId");
    if (problem) fail("projectId", problem);
  }

  const baseUrl = news.baseUrl;
  if (baseUrl !== undefined && !isUnknown(baseUrl)) {
    const problem = baseUrlProblem(baseUrl);
    if (problem) fail("baseUrl", problem);
  }
  return failures;
}

function validateTriggers(
  triggers: unknown,
  fail: (property: string, reason: string) => void,
): void {
  if (triggers === undefined || isUnknown(triggers)) return;
  if (!Array.isArray(triggers)) {
    fail("triggers", `triggers must be a list of strings, got ${describeValue(triggers)}`);
    return;
  }
  if (triggers.length > MAX_TRIGGERS) {
    fail("triggers", `triggers may hold at most ${MAX_TRIGGERS} values, got ${triggers.length}`);
  }
  triggers.forEach((t, i) => {
    if (isUnknown(t)) return;
    if (typeof t !== "string") {
      fail(`triggers[${i}]`, `triggers[${i}] must be a string, got ${describeValue(t)}`);
    } else if (t.trim() === "") {
      fail(`triggers[${i}]`, `triggers[${i}] is empty; a trigger must say what changed`);
    } else if (t.length > MAX_TRIGGER_LENGTH) {
      fail(
        `triggers[${i}]`,
        `triggers[${i}] is ${t.length} characters; at most ${MAX_TRIGGER_LENGTH} are allowed (use a hash)`,
      );
    }
  });
}

const HEALTH_CHECK_FIELDS = ["path", "url", "expectedStatus", "timeoutSeconds"];
const MAX_HEALTH_CHECK_URL = 2048;

/** Checks `healthCheck`, naming each property (`healthCheck.path`, ...) that is wrong. */
function validateHealthCheck(
  value: unknown,
  fail: (property: string, reason: string) => void,
): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    fail(
      "healthCheck",
      `healthCheck must be an object such as { path: "/healthz" }, got ${describeValue(value)}`,
    );
    return;
  }
  const check = value as Record<string, unknown>;
  for (const key of Object.keys(check)) {
    if (!HEALTH_CHECK_FIELDS.includes(key)) {
      fail(
        `healthCheck.${key.slice(0, 40)}`,
        `unknown healthCheck property ${JSON.stringify(key.slice(0, 40))}: healthCheck accepts ${HEALTH_CHECK_FIELDS.join(", ")}`,
      );
    }
  }
  const { path, url, expectedStatus, timeoutSeconds } = check;
  const given = (v: unknown) => v !== undefined && v !== null;
  if (given(path) && given(url)) {
    fail("healthCheck", "healthCheck takes either path or url, not both");
  } else if (!given(path) && !given(url)) {
    fail("healthCheck", 'healthCheck needs a path (such as "/healthz") or a full url');
  }
  if (given(path) && !isUnknown(path)) {
    if (
      typeof path !== "string" ||
      !path.startsWith("/") ||
      path.startsWith("//") ||
      CONTROL.test(path) ||
      /\s/.test(path) ||
      path.length > MAX_HEALTH_CHECK_URL
    ) {
      fail(
        "healthCheck.path",
        `healthCheck.path must be a path starting with a single "/" (no spaces), got ${describeValue(path)}`,
      );
    }
  }
  if (given(url) && !isUnknown(url)) {
    const problem = healthCheckUrlProblem(url);
    if (problem) fail("healthCheck.url", problem);
  }
  if (given(expectedStatus) && !isUnknown(expectedStatus)) {
    if (typeof expectedStatus !== "string" || parseStatusRange(expectedStatus) === undefined) {
      fail(
        "healthCheck.expectedStatus",
        `healthCheck.expectedStatus must be a status such as "200" or a range such as "200-299" (100-599), got ${describeValue(expectedStatus)}`,
      );
    }
  }
  if (given(timeoutSeconds) && !isUnknown(timeoutSeconds)) {
    if (
      typeof timeoutSeconds !== "number" ||
      !Number.isFinite(timeoutSeconds) ||
      timeoutSeconds <= 0 ||
      timeoutSeconds > MAX_HEALTH_CHECK_TIMEOUT_SECONDS
    ) {
      fail(
        "healthCheck.timeoutSeconds",
        `healthCheck.timeoutSeconds must be a positive number of at most ${MAX_HEALTH_CHECK_TIMEOUT_SECONDS}, got ${describeValue(timeoutSeconds)}`,
      );
    }
  }
}

/** Why a health check URL is refused, or undefined. */
function healthCheckUrlProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || CONTROL.test(value) || /\s/.test(value)) {
    return `healthCheck.url must be an http(s) URL without spaces, got ${describeValue(value)}`;
  }
  if (value.length > MAX_HEALTH_CHECK_URL) {
    return `healthCheck.url must be at most ${MAX_HEALTH_CHECK_URL} characters`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `healthCheck.url must be an absolute URL such as https://app.example.com/healthz, got ${describeValue(value)}`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `healthCheck.url must use http or https, got ${url.protocol.replace(":", "")}`;
  }
  if (url.username !== "" || url.password !== "") {
    // The URL is kept in state and printed in failures; a password in it would be too.
    return "healthCheck.url must not carry a user name or password (it is kept in state and shown in failures)";
  }
  return undefined;
}

/**
 * The environment variable that allows plain http to hosts other than this machine, for a test
 * API on a private network. An explicit, per-machine opt-in: never a resource input or config.
 */
export const ALLOW_INSECURE_HTTP_ENV = "NODION_ALLOW_INSECURE_HTTP";

/**
 * Why a base URL is refused, or undefined. Plain http is allowed only to this machine, unless
 * {@link ALLOW_INSECURE_HTTP_ENV} is `1`.
 */
export function baseUrlProblem(
  value: unknown,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (typeof value !== "string") return `baseUrl must be a URL string, got ${describeValue(value)}`;
  // The URL parser silently drops tabs and line breaks; a URL that had them is a paste accident.
  if (CONTROL.test(value) || /\s/.test(value)) {
    return `baseUrl must not contain spaces, line breaks or control characters, got ${describeValue(value)}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `baseUrl must be an absolute URL such as https://api.nodion.com/v1, got ${describeValue(value)}`;
  }
  if (url.username !== "" || url.password !== "") {
    return "baseUrl must not carry a user name or password: the API key is the only credential (nodion:apiKey)";
  }
  if (url.search !== "" || url.hash !== "") {
    return `baseUrl must not have a query or fragment, got ${describeValue(value)}`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return undefined;
  if (url.protocol === "http:" && env[ALLOW_INSECURE_HTTP_ENV] === "1") return undefined;
  if (url.protocol === "http:") {
    return `baseUrl ${url.origin} uses plain http to a non-loopback host: the API key would travel in clear; use https (or set ${ALLOW_INSECURE_HTTP_ENV}=1 for a test API on a private network)`;
  }
  return `baseUrl must use https, got ${url.protocol.replace(":", "")}`;
}

// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a project id (from `source`) is refused, or undefined. It travels in the `X-Nodion-Project`
 * header, where a line break would end the header early.
 */
export function projectIdProblem(value: unknown, source: string): string | undefined {
  if (typeof value === "string" && CONTROL.test(value)) {
    return `${source} contains a line break or control character; it must be the project's UUID`;
  }
  return isUuid(value) ? undefined : `${source} must be a UUID, got ${describeValue(value)}`;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

function isUuid(value: unknown): boolean {
  return typeof value === "string" && UUID.test(value);
}

/** A short, safe rendering of a bad value for an error message. */
/** A value as an error message shows it: a string quoted and shortened, other kinds named. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : String(value);
}
