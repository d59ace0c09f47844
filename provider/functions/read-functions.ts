/**
 * The functions' work once a client is at hand: check the arguments (before any request), make
 * the one GET, shape the result. API failures become the same one-line errors the resource shows.
 * Both faces call these: the plugin's `Invoke` and the npm package's `getDeployments`.
 *
 * @packageDocumentation
 */
import type { NodionClient } from "../../client";
import { expectedError } from "../error-text";
import { getApplicationArgs, getDeploymentsArgs } from "./arguments";
import { applicationResult, deploymentsResult } from "./results";
import type { GetApplicationResult, GetDeploymentsResult } from "./types";

/** Runs `getDeployments`: `connect` only once the arguments passed, then one list request. */
export async function readDeployments(
  connect: () => NodionClient,
  raw: Record<string, unknown>,
): Promise<GetDeploymentsResult> {
  const args = getDeploymentsArgs(raw);
  const list = await connect().listDeployments(args.applicationId).catch(rethrowExpected);
  return deploymentsResult(args, list);
}

/** Runs `getApplication`: `connect` only once the arguments passed, then one request. */
export async function readApplication(
  connect: () => NodionClient,
  raw: Record<string, unknown>,
): Promise<GetApplicationResult> {
  const args = getApplicationArgs(raw);
  const app = await connect().getApplication(args.applicationId).catch(rethrowExpected);
  return applicationResult(app);
}

function rethrowExpected(err: unknown): never {
  throw expectedError(err);
}
