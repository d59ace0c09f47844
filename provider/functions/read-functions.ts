/**
 * The functions' work once a client is at hand: check the arguments (before any request), make
 * the one GET, shape the result. API failures become the same one-line errors the resource shows.
 * Both faces call these: the plugin's `Invoke` and the npm package's `getDeployments`.
 *
 * @packageDocumentation
 */
import { NodionError, type NodionClient } from "../../client";
import { errorText } from "../error-text";
import { ProviderError } from "../expected-error";
import { getApplicationArgs, getDeploymentsArgs } from "./arguments";
import { applicationResult, deploymentsResult } from "./results";
import type { GetApplicationResult, GetDeploymentsResult } from "./types";

/** The function names, as each face calls them. */
export type FunctionName = "getDeployments" | "getApplication";

/** Runs `getDeployments` with `client` (one list request). */
export async function readDeployments(
  client: NodionClient,
  raw: Record<string, unknown>,
): Promise<GetDeploymentsResult> {
  const args = getDeploymentsArgs(raw);
  const list = await client.listDeployments(args.applicationId).catch(rethrowExpected);
  return deploymentsResult(args, list);
}

/** Runs `getApplication` with `client` (one application request). */
export async function readApplication(
  client: NodionClient,
  raw: Record<string, unknown>,
): Promise<GetApplicationResult> {
  const args = getApplicationArgs(raw);
  const app = await client.getApplication(args.applicationId).catch(rethrowExpected);
  return applicationResult(app);
}

function rethrowExpected(err: unknown): never {
  throw NodionError.isInstance(err) ? new ProviderError(errorText(err)) : err;
}
