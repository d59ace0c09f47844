/**
 * The dynamic provider. This module itself is the provider object: when the package is installed
 * (in node_modules), Pulumi serializes a module import as `require("pulumi-nodion/provider/handlers")`
 * rather than its code. Stack state then holds a few hundred bytes and no code or secret per
 * resource, and upgrading the package upgrades every existing resource's provider. Its exports
 * are exactly the provider's methods.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Deployment, isTerminalStatus, NodionClient, NodionError, systemClock } from "../sdk";
import { DEFAULT_TIMEOUT_SECONDS, DeploymentInputs, DeploymentOutputs } from "./args";
import {
  clientFor,
  configFrom,
  ConfigSource,
  connectionProblems,
  MISSING_KEY,
  ProviderConfig,
  resolveConnection,
} from "./connection";
import { DeploymentLists } from "./deployment-lists";
import { RecordedFailure } from "./failure";
import { inputsOf, latestDeployNumber, toOutputs, withInputs } from "./outputs";
import { report } from "./report";
import { isUnknown, validateInputs } from "./validate";
import { DeploymentVanishedError, seconds, waitForDeployment, WaitTimeoutError } from "./wait";

let config: ProviderConfig = {};
const lists = new DeploymentLists(5_000);

/** Receives stack config (`nodion:apiKey`, `nodion:baseUrl`, `nodion:projectId`). */
export async function configure(req: { config: ConfigSource }): Promise<void> {
  config = configFrom(req.config);
}

/** Validates inputs at preview time, reporting every problem at once. */
export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.CheckResult<Record<string, unknown>>> {
  const failures = validateInputs(news);
  const baseUrl = typeof news.baseUrl === "string" ? news.baseUrl : undefined;
  const connection = resolveConnection({ baseUrl }, config);
  if (connection === undefined) {
    failures.push({ property: "apiKey", reason: MISSING_KEY });
  } else {
    // The baseUrl input was checked above; this adds one from stack config or the environment.
    failures.push(...connectionProblems(connection).filter((p) => p.property !== "baseUrl"));
  }
  return { inputs: news, failures };
}

const DEPLOYING_INPUTS = ["triggers", "imageTag"] as const;
const SETTING_INPUTS = ["wait", "timeoutSeconds", "baseUrl", "projectId"] as const;

/**
 * An application change replaces the resource; a trigger or image tag change is an in-place update
 * that deploys; wait, timeout, base URL and project changes update state without deploying.
 * Provider code changes (`__provider`) are not compared: they never deploy.
 */
export async function diff(
  _id: string,
  olds: DeploymentOutputs,
  news: DeploymentInputs,
): Promise<dynamic.DiffResult> {
  const replaces = differs(olds.applicationId, news.applicationId) ? ["applicationId"] : [];
  const changed = [...DEPLOYING_INPUTS, ...SETTING_INPUTS].filter((k) => differs(olds[k], news[k]));
  return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** Triggers one deployment (or adopts `adoptDeploymentId`) and, unless told not to, waits. */
export async function create(
  inputs: DeploymentInputs,
): Promise<dynamic.CreateResult<DeploymentOutputs>> {
  const client = connect(inputs);
  const app = inputs.applicationId;
  let deployment: Deployment;
  if (inputs.adoptDeploymentId !== undefined) {
    const found = await client.findDeployment(app, inputs.adoptDeploymentId);
    if (found === undefined) {
      throw new Error(
        `adoptDeploymentId: application ${app} has no deployment ${inputs.adoptDeploymentId}`,
      );
    }
    report(`adopted deploy #${found.deployNumber} of application ${app} (no new deployment)`);
    deployment = found;
  } else {
    deployment = await trigger(client, inputs, 0);
  }
  const outs = await settle(client, inputs, deployment);
  return { id: deployment.id, outs };
}

/**
 * Deploys again when a trigger or the image tag changed, or when the last deployment failed
 * (the engine calls update after a recorded failure: a deliberate retry). Resumes waiting on a
 * deployment still in progress (after a timeout or an interrupted run) instead of deploying
 * twice. Otherwise only records the new settings.
 */
export async function update(
  id: string,
  olds: DeploymentOutputs,
  news: DeploymentInputs,
): Promise<dynamic.UpdateResult<DeploymentOutputs>> {
  const client = connect(news);
  const app = news.applicationId;
  const redeploy = DEPLOYING_INPUTS.some((k) => differs(olds[k], news[k]));
  const lastFailed = olds.status === "failed" || olds.status === "expired";
  let deployment: Deployment;
  if (redeploy || lastFailed) {
    if (!redeploy) {
      report(`retrying application ${app}: deploy #${olds.deployNumber} ended "${olds.status}"`);
    }
    deployment = await trigger(client, news, olds.deployNumber);
  } else if (!isTerminalStatus(olds.status) && waitsFor(news)) {
    const current = await client.findDeployment(app, olds.deploymentId);
    if (current === undefined) {
      throw new Error(`application ${app} no longer has deploy #${olds.deployNumber}`);
    }
    report(`resuming the wait for deploy #${current.deployNumber} (${current.status})`);
    deployment = current;
  } else {
    return { outs: withInputs(olds, news) };
  }
  try {
    return { outs: await settle(client, news, deployment) };
  } catch (err) {
    // Keep the resource's id: a recorded failure must point at the resource, not the deploy.
    if (err instanceof RecordedFailure) throw new RecordedFailure(err.message, id, err.properties);
    throw err;
  }
}

/**
 * Refresh: reads the application's deployment list and brings status, commit data and whether
 * ours is still the newest into state. A deployment or application that no longer exists removes
 * the resource from state.
 */
export async function read(
  id: string,
  props: DeploymentOutputs,
): Promise<{ id?: string; props?: DeploymentOutputs; inputs?: DeploymentInputs }> {
  const client = connect(props);
  const app = props.applicationId;
  const deploymentId = props.deploymentId ?? id;
  let list: Deployment[];
  try {
    list = await lists.forRead(client, app);
  } catch (err) {
    if (NodionError.isInstance(err) && err.kind === "not_found") {
      // Forgetting the resource makes the next `up` deploy again, so a 404 on the list alone (a
      // proxy or routing glitch) must not do it: only an application that reads as gone does.
      if (await applicationExists(client, app)) {
        throw new Error(
          `${err.message} The application itself still exists, so the stack keeps deploy #${props.deployNumber}; run pulumi refresh again later.`,
        );
      }
      report(`application ${app} no longer exists in Nodion; removing it from the stack`);
      return {};
    }
    throw err;
  }
  const ours = list.find((d) => d.id === deploymentId);
  if (ours === undefined) {
    report(`deployment ${deploymentId} of application ${app} no longer exists; removing it`);
    return {};
  }
  const latest = latestDeployNumber(list);
  if (latest > ours.deployNumber) {
    report(
      `application ${app}: deploy #${latest} was made outside this stack (ours is #${ours.deployNumber}); not redeploying`,
    );
  }
  const inputs = inputsOf(props);
  return { id, props: toOutputs(inputs, ours, latest), inputs };
}

/** Nodion keeps deployment history, so deleting only forgets the deployment. */
async function destroy(_id: string, props: DeploymentOutputs): Promise<void> {
  report(
    `deploy #${props.deployNumber} of application ${props.applicationId} stays in Nodion's history; removed from the stack only`,
  );
}

export { destroy as delete };

/** Whether `app` can still be read: false only on a 404; other errors propagate. */
async function applicationExists(client: NodionClient, app: string): Promise<boolean> {
  try {
    await client.getApplication(app);
    return true;
  } catch (err) {
    if (NodionError.isInstance(err) && err.kind === "not_found") return false;
    throw err;
  }
}

function connect(inputs: DeploymentInputs): NodionClient {
  const connection = resolveConnection(inputs, config);
  if (connection === undefined) throw new Error(`apiKey: ${MISSING_KEY}`);
  // Refresh runs no `check`, so a plain-http base URL from config or the environment is also
  // refused here, before the key is sent anywhere.
  const [problem] = connectionProblems(connection);
  if (problem !== undefined) throw new Error(`${problem.property}: ${problem.reason}`);
  return clientFor(connection);
}

/**
 * Triggers one deployment. A deployment newer than `after` that this very trigger would create
 * (same image tag, or a git sha named in the triggers) is adopted instead when it is still in
 * progress: that is what an interrupted `pulumi up` leaves behind. On create (`after` 0) one that
 * is available and still the application's newest is adopted too (an interrupted run whose build
 * finished meanwhile). An update never adopts a finished deployment: changing the triggers is how
 * users ask for a fresh deployment of the same commit.
 */
async function trigger(
  client: NodionClient,
  inputs: DeploymentInputs,
  after: number,
): Promise<Deployment> {
  const app = inputs.applicationId;
  // Creates of many resources of one application run at once; they share one list request.
  const list = await lists.forPoll(client, app);
  const newest = latestDeployNumber(list);
  const ours = list.find(
    (d) =>
      d.deployNumber > after &&
      matchesTrigger(d, inputs) &&
      (!isTerminalStatus(d.status) ||
        (after === 0 && d.status === "available" && d.deployNumber === newest)),
  );
  if (ours) {
    const state = isTerminalStatus(ours.status)
      ? "is already the newest and available"
      : "is in progress";
    report(
      `deploy #${ours.deployNumber} of application ${app} for these triggers ${state}; adopting it`,
    );
    return ours;
  }
  const deployment = await client.triggerDeployment(app, {
    ...(inputs.imageTag !== undefined && { imageTag: inputs.imageTag }),
    latestDeployNumber: newest,
  });
  report(`triggered deploy #${deployment.deployNumber} of application ${app}`);
  return deployment;
}

function matchesTrigger(d: Deployment, inputs: DeploymentInputs): boolean {
  if (inputs.imageTag !== undefined)
    return d.imageReference?.endsWith(`:${inputs.imageTag}`) ?? false;
  return d.gitSha !== null && (inputs.triggers ?? []).includes(d.gitSha);
}

/** Waits if asked to, and turns the outcome into outputs or a recorded failure. */
async function settle(
  client: NodionClient,
  inputs: DeploymentInputs,
  deployment: Deployment,
): Promise<DeploymentOutputs> {
  if (!waitsFor(inputs)) return toOutputs(inputs, deployment);
  const app = inputs.applicationId;
  const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const started = Date.now();
  let final: Deployment;
  try {
    final = await waitForDeployment(
      async () => (await lists.forPoll(client, app)).find((d) => d.id === deployment.id),
      deployment,
      { timeoutMs, clock: systemClock, onProgress: report },
    );
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      throw new RecordedFailure(
        `Nodion deploy #${err.last.deployNumber} of application ${app} is still "${err.last.status}" after waiting ${seconds(err.waitedMs)} (timeoutSeconds); run pulumi up again to keep waiting`,
        deployment.id,
        toOutputs(inputs, err.last),
      );
    }
    if (err instanceof DeploymentVanishedError)
      throw new Error(`application ${app}: ${err.message}`);
    // The deployment exists whatever went wrong while watching it (a 401, a 404, a bug). Record
    // it, so the next `up` resumes waiting on it; a plain error would leave it unknown to the
    // stack and the next `up` would trigger a second deployment for the same trigger.
    const reason = err instanceof Error ? err.message : String(err);
    throw new RecordedFailure(
      `${reason} Deploy #${deployment.deployNumber} of application ${app} was triggered and stays in the stack; run pulumi up again to resume waiting for it.`,
      deployment.id,
      toOutputs(inputs, deployment),
    );
  }
  const outs = toOutputs(inputs, final);
  if (final.status !== "available") {
    throw new RecordedFailure(
      `Nodion deploy #${final.deployNumber} of application ${app} ended "${final.status}" after ${seconds(Date.now() - started)}; check its build log in the Nodion dashboard, then run pulumi up again to retry`,
      deployment.id,
      outs,
    );
  }
  return outs;
}

function waitsFor(inputs: DeploymentInputs): boolean {
  return (inputs.wait ?? "available") === "available";
}

function differs(a: unknown, b: unknown): boolean {
  if (isUnknown(b)) return true;
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}
