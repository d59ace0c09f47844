/**
 * The functions for the npm package's TypeScript programs: `getDeployments` / `getApplication`
 * return a promise, `getDeploymentsOutput` / `getApplicationOutput` an `Output`. They run in the
 * program itself (no provider process), read only, and run in a preview too. The key comes from
 * secret stack config `nodion:apiKey`, else `NODION_API_KEY`, as for the resource; it is sent to
 * Nodion only and is never part of a result. A failure rejects with a `pulumi.RunError`: the
 * program stops with the same one line the resource would print, without a stack trace.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { clientFor, configFrom, parseConnection } from "../connection";
import { errorText } from "../error-text";
import { ProviderError } from "../expected-error";
import { readApplication, readDeployments } from "./read-functions";
import type {
  GetApplicationArgs,
  GetApplicationResult,
  GetDeploymentsArgs,
  GetDeploymentsResult,
} from "./types";

/** Where a function connects, when not where stack config and the environment say. */
export interface NodionFunctionOptions {
  /** The API base URL (as the resource's `baseUrl` input); default `nodion:baseUrl`, then `NODION_API_URL`. */
  readonly baseUrl?: string;
  /** The project a user key acts in (as the resource's `projectId`); default `nodion:projectId`, then `NODION_PROJECT_ID`. */
  readonly projectId?: string;
}

/** The arguments of {@link getDeploymentsOutput}: each may be an output of another resource. */
export type GetDeploymentsOutputArgs = {
  [K in keyof GetDeploymentsArgs]: pulumi.Input<GetDeploymentsArgs[K]>;
};

/** The arguments of {@link getApplicationOutput}. */
export type GetApplicationOutputArgs = {
  [K in keyof GetApplicationArgs]: pulumi.Input<GetApplicationArgs[K]>;
};

/**
 * The deployments of one application, newest first, with its newest (`latest`) and newest
 * available (`latestAvailable`) deployment; filters `status`, `gitSha`, `limit`. One list request.
 */
export function getDeployments(
  args: GetDeploymentsArgs,
  opts: NodionFunctionOptions = {},
): Promise<GetDeploymentsResult> {
  return run(() => readDeployments(() => connect(opts), { ...args }));
}

/** {@link getDeployments} for arguments that may be outputs; the result as an `Output`. */
export function getDeploymentsOutput(
  args: GetDeploymentsOutputArgs,
  opts: NodionFunctionOptions = {},
): pulumi.Output<GetDeploymentsResult> {
  return pulumi.output(args).apply((plain) => getDeployments(plain as GetDeploymentsArgs, opts));
}

/** The application's name, status, strategy, image name and tag and region slug. One request. */
export function getApplication(
  args: GetApplicationArgs,
  opts: NodionFunctionOptions = {},
): Promise<GetApplicationResult> {
  return run(() => readApplication(() => connect(opts), { ...args }));
}

/** {@link getApplication} for arguments that may be outputs; the result as an `Output`. */
export function getApplicationOutput(
  args: GetApplicationOutputArgs,
  opts: NodionFunctionOptions = {},
): pulumi.Output<GetApplicationResult> {
  return pulumi.output(args).apply((plain) => getApplication(plain as GetApplicationArgs, opts));
}

/** The client for the program's settings: options, stack config `nodion:*`, the environment. */
function connect(opts: NodionFunctionOptions) {
  const config = configFrom({ get: (key) => pulumi.runtime.getConfig(key) });
  const parsed = parseConnection(opts, config, process.env);
  if (!parsed.ok) {
    const [problem] = parsed.problems;
    throw new ProviderError(`${problem?.property}: ${problem?.reason}`);
  }
  return clientFor(parsed.connection);
}

/** `work`'s result, or a `RunError` with the one-line text every face shows. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new pulumi.RunError(`nodion: ${errorText(err)}`);
  }
}
