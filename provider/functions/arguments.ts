/**
 * Checks a function's arguments before any request, with one-line errors that name the function
 * and the argument (`getDeployments: applicationId must be a UUID, got "x"`).
 *
 * @packageDocumentation
 */
import { isUuid } from "../../client/ids";
import { ProviderError } from "../expected-error";
import { describeValue as describe } from "../validate";
import { MAX_LIST_LIMIT, type GetApplicationArgs, type GetDeploymentsArgs } from "./types";

function fail(fn: string, message: string): never {
  throw new ProviderError(`${fn}: ${message}`);
}

/** The application id of `raw`, or a one-line error naming `fn`. */
function applicationIdOf(fn: string, raw: Record<string, unknown>): string {
  const id = raw.applicationId;
  if (id === undefined || id === null || id === "") {
    fail(fn, "applicationId is required: the UUID of the Nodion application");
  }
  if (!isUuid(id)) fail(fn, `applicationId must be a UUID, got ${describe(id)}`);
  return id;
}

/** An optional string argument; absent, null and empty count as not given. */
function optionalString(fn: string, raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") fail(fn, `${key} must be a string, got ${describe(value)}`);
  return value;
}

/** `getDeployments`' arguments, checked. */
export function getDeploymentsArgs(raw: Record<string, unknown>): GetDeploymentsArgs {
  const fn = "getDeployments";
  const applicationId = applicationIdOf(fn, raw);
  const status = optionalString(fn, raw, "status");
  const gitSha = optionalString(fn, raw, "gitSha");
  const limit = raw.limit ?? undefined;
  if (
    limit !== undefined &&
    (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
  ) {
    fail(fn, `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${describe(limit)}`);
  }
  return {
    applicationId,
    ...(status !== undefined && { status }),
    ...(gitSha !== undefined && { gitSha }),
    ...(limit !== undefined && { limit }),
  };
}

/** `getApplication`'s arguments, checked. */
export function getApplicationArgs(raw: Record<string, unknown>): GetApplicationArgs {
  return { applicationId: applicationIdOf("getApplication", raw) };
}
