/**
 * The provider's orchestration (trigger, adopt, settle, read), built from its collaborators so
 * every rule can be tested in milliseconds: `handlers.ts` calls {@link createDeploymentProvider}
 * with the real clock, list cache, client factory and progress printer.
 *
 * The promise: one Nodion deployment per trigger, and a stack that never forgets a deployment it
 * made. How each part keeps it:
 * - a deployment the API returned is always recorded in state, whatever happens next (a failed
 *   wait, a list that does not show it yet, a timeout): as outputs or as a {@link RecordedFailure};
 * - a trigger whose outcome stays unknown is recorded as a pending trigger, and the next `up`
 *   adopts a matching deployment that appeared since before it would POST (create and update);
 * - which deployment is ours is decided by one SDK rule (`findOwnDeployment`), which never hands a
 *   deployment to two resources of one provider process;
 * - refresh forgets a resource only on proof that its deployment is gone (see
 *   {@link DeploymentProvider.read}).
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  createRedactor,
  identityOf,
  isTerminalStatus,
  NodionError,
  type Clock,
  type Deployment,
  type NodionClient,
  type Redactor,
  type TriggerEvidence,
  type TriggerOutcome,
} from "../client";
import {
  DEFAULT_FAILURE_LOG_LINES,
  DEFAULT_TIMEOUT_SECONDS,
  type DeploymentInputs,
  type DeploymentOutputs,
  type PendingTrigger,
} from "./args";
import {
  configFrom,
  describeProject,
  parseConnection,
  type ConfigSource,
  type Connection,
  type ProviderConfig,
} from "./connection";
import type { DeploymentLists } from "./deployment-lists";
import { errorText, expectedError } from "./error-text";
import { ProviderError } from "./expected-error";
import { RecordedFailure } from "./failure";
import { failureLogDetails } from "./failure-logs";
import {
  describeLastResponse,
  httpProbe,
  resolveHealthCheck,
  runHealthCheck,
  type Probe,
} from "./health-check";
import {
  lateCommitWarning,
  lookForLateCommits,
  NO_LATE_COMMIT,
  recordedWatch,
  watchFor,
  type LateCommitWatch,
} from "./late-commits";
import { readApplication, readDeployments } from "./functions/read-functions";
import type { GetApplicationResult, GetDeploymentsResult } from "./functions/types";
import { inputsOf, latestDeployNumber, pendingOutputs, toOutputs, withInputs } from "./outputs";
import { isUnknown, knownInputs, validateInputs } from "./validate";
import { DeploymentVanishedError, seconds, waitForDeployment, WaitTimeoutError } from "./wait";

/** What the provider is built from. */
export interface ProviderDependencies {
  /** Time for waits and pending-trigger timestamps. */
  readonly clock: Clock;
  /** The shared deployment-list cache of this process. */
  readonly lists: DeploymentLists;
  /** The client for a connection (one per connection for the process). */
  readonly connect: (connection: Connection) => NodionClient;
  /** Prints one progress line for the user. */
  readonly report: (line: string) => void;
  /** The environment connection settings are read from. Default `process.env`. */
  readonly env?: () => NodeJS.ProcessEnv;
  /** See {@link WaitOptions.listGraceMs}. */
  readonly listGraceMs?: number;
  /** Asks a health check URL once. Default {@link httpProbe} (Node's `fetch`). */
  readonly probe?: Probe;
}

/** What refresh returns: the resource as read, or nothing to drop it from the stack. */
export interface ReadOutcome {
  readonly id?: string;
  readonly props?: DeploymentOutputs;
  readonly inputs?: DeploymentInputs;
}

/**
 * Limits the engine sets on one operation (a plugin receives `customTimeouts` with each request;
 * the dynamic-provider host passes none).
 */
export interface OperationLimits {
  /** The engine's time limit for this create or update, in milliseconds. */
  readonly timeoutMs?: number;
}

/** The provider methods the dynamic-provider host calls (and the plugin, through its server). */
export interface DeploymentProvider {
  configure(req: { config: ConfigSource }): Promise<void>;
  check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<dynamic.CheckResult<Record<string, unknown>>>;
  diff(id: string, olds: DeploymentOutputs, news: DeploymentInputs): Promise<dynamic.DiffResult>;
  create(
    inputs: DeploymentInputs,
    limits?: OperationLimits,
  ): Promise<dynamic.CreateResult<DeploymentOutputs>>;
  /**
   * Refresh. The rule: when does `pulumi refresh` drop a resource from the stack? Forgetting a
   * resource makes the next `up` deploy again, so only proof counts:
   * - proof: the application's deployment list is readable, shows other deployments, and shows a
   *   deploy number above ours while ours is missing (the numbering passed it, so the list is not
   *   merely lagging and the key reads the right application);
   * - not proof: a 404 for the application or its list (the key or the project id may point at
   *   another project, which answers 404 for every application it does not hold), an empty list,
   *   or a list whose newest deployment is older than ours (a lagging read);
   * - a resource with only a pending trigger is kept as it is (the next `up` resolves it).
   *
   * Without proof the resource stays and the refresh fails with one line naming the likely cause
   * (key, project id) and `pulumi state delete <urn>` for a resource that really is gone.
   */
  read(id: string, props: DeploymentOutputs): Promise<ReadOutcome>;
  update(
    id: string,
    olds: DeploymentOutputs,
    news: DeploymentInputs,
    limits?: OperationLimits,
  ): Promise<dynamic.UpdateResult<DeploymentOutputs>>;
  delete(id: string, props: DeploymentOutputs): Promise<void>;
  /**
   * `pulumi import`: reads deployment `deploymentId` of `applicationId` from the application's
   * list and records it (inputs: the application and the deployment's sha or image tag, see
   * {@link importedInputs}). Never triggers a deployment.
   */
  importDeployment(applicationId: string, deploymentId: string): Promise<Required<ReadOutcome>>;
  /**
   * Makes the API client of the provider's own settings (config, then the environment) now, when
   * they are complete, so the first operation that uses them does not wait for its HTTP stack to
   * load. The plugin calls it after answering `Configure`. Sends nothing; never throws.
   */
  prepare(): void;
  /**
   * The function `getDeployments` with the provider's own settings: its arguments checked before
   * any request, then one list request. Reads only.
   */
  getDeployments(args: Record<string, unknown>): Promise<GetDeploymentsResult>;
  /** The function `getApplication` with the provider's own settings (one request). Reads only. */
  getApplication(args: Record<string, unknown>): Promise<GetApplicationResult>;
}

const DEPLOYING_INPUTS = ["triggers", "imageTag"] as const;
// Inputs that change how `up` behaves, never what is deployed: a change only records them.
const SETTING_INPUTS = [
  "wait",
  "timeoutSeconds",
  "failureLogLines",
  "healthCheck",
  "baseUrl",
  "projectId",
] as const;

/** Inputs whose change replaces the resource. */
export const REPLACING_INPUTS = ["applicationId"] as const;

/**
 * The inputs that differ between the recorded outputs and new inputs, in the order of the field
 * lists: what `diff` decides on, and what a plugin reports as its detailed diff.
 */
export function changedInputs(
  olds: DeploymentOutputs,
  news: DeploymentInputs,
): { readonly replaces: readonly string[]; readonly changes: readonly string[] } {
  return {
    replaces: REPLACING_INPUTS.filter((k) => differs(olds[k], news[k])),
    changes: [
      ...DEPLOYING_INPUTS.filter((k) => deploysOn(k, olds, news)),
      ...SETTING_INPUTS.filter((k) => differs(olds[k], news[k])),
    ],
  };
}

/**
 * Whether the trigger input `key` changed in a way that asks for a deployment. A program that
 * declares no `triggers` (absent or empty) where the state records some asks for none: there is
 * no new value to deploy for. (An import records the deployed sha as `triggers`; a program that
 * declares none still previews no change.)
 */
function deploysOn(
  key: (typeof DEPLOYING_INPUTS)[number],
  olds: DeploymentOutputs,
  news: DeploymentInputs,
): boolean {
  if (key === "triggers" && !isUnknown(news.triggers) && (news.triggers ?? []).length === 0) {
    return false;
  }
  return differs(olds[key], news[key]);
}

/** The command that drops a resource the provider will not drop on its own. */
export const STATE_DELETE_HINT =
  "if it really is gone, run `pulumi state delete <urn>` (`pulumi stack --show-urns` lists the URNs)";

/** Builds the provider from its collaborators. */
export function createDeploymentProvider(deps: ProviderDependencies): DeploymentProvider {
  const { clock, lists, report } = deps;
  const env = deps.env ?? (() => process.env);
  const probe = deps.probe ?? httpProbe;
  let config: ProviderConfig = {};

  function connect(inputs: Pick<DeploymentInputs, "baseUrl" | "projectId">): {
    client: NodionClient;
    connection: Connection;
    redact: Redactor;
  } {
    // Refresh runs no `check`, so settings from config or the environment are checked here too,
    // before the key is sent anywhere.
    const parsed = parseConnection(inputs, config, env());
    if (!parsed.ok) {
      const [problem] = parsed.problems;
      throw new ProviderError(`${problem?.property}: ${problem?.reason}`);
    }
    return {
      client: deps.connect(parsed.connection),
      connection: parsed.connection,
      // Built per call, never kept: text from Nodion or a health check is shown without the key.
      redact: createRedactor([parsed.connection.apiKey]),
    };
  }

  /** Triggers (or resumes) one deployment; see the file header and `ownership.ts`. */
  async function trigger(
    client: NodionClient,
    inputs: DeploymentInputs,
    prior: {
      after: number;
      evidence: Exclude<TriggerEvidence, "posted">;
      pending?: PendingTrigger;
      previous?: DeploymentOutputs;
      id?: string;
    },
  ): Promise<{ deployment: Deployment; list: readonly Deployment[]; watch: LateCommitWatch }> {
    const app = inputs.applicationId;
    // Creates of many resources of one application run at once; they share one list request.
    const list = await lists.forPoll(client, app);
    const snapshot = latestDeployNumber(list);
    const resumesPending = prior.pending !== undefined && sameTrigger(prior.pending, inputs);
    const resume =
      prior.pending !== undefined && resumesPending
        ? {
            after: prior.pending.afterDeployNumber,
            evidence: "posted" as const,
            postedAt: Date.parse(prior.pending.postedAt),
          }
        : {
            after: prior.after,
            evidence: prior.evidence,
            // What the recorded deployment showed: on update, a finished deployment of the new
            // triggers is adopted only when the recorded one is of another sha or tag.
            ...(prior.previous !== undefined &&
              prior.evidence === "interrupted-update" && { recorded: identityOf(prior.previous) }),
          };
    const postedAt = clock.now();
    let outcome: TriggerOutcome;
    try {
      outcome = await client.triggerOrResume(app, {
        ...(inputs.imageTag !== undefined && { imageTag: inputs.imageTag }),
        gitShas: inputs.triggers ?? [],
        deployments: list,
        resume,
      });
    } catch (err) {
      if (NodionError.isInstance(err) && err.outcomeUnknown) {
        const pending: PendingTrigger = {
          triggers: inputs.triggers ?? null,
          imageTag: inputs.imageTag ?? null,
          afterDeployNumber: snapshot,
          postedAt: new Date(postedAt).toISOString(),
        };
        throw new RecordedFailure(
          `${err.message} The stack records a pending trigger for application ${app} (after deploy #${snapshot}): the next pulumi up adopts its deployment if one appears, and deploys otherwise.`,
          prior.id ?? `pending-${app}-${postedAt}`,
          pendingOutputs(inputs, prior.previous, pending),
        );
      }
      throw expectedError(err);
    }
    const { deployment, source } = outcome;
    const n = deployment.deployNumber;
    const watch = watchFor(outcome.unclearPost);
    if (watch.unclearPost !== null) {
      report(
        `deploy #${n} of application ${app} came from a second POST: the first (${watch.unclearPost.postedAt}) got no answer and showed nothing in the list within the observation window; the stack watches for a late deployment of it (see duplicateDeployNumbers)`,
      );
    }
    if (source === "posted") {
      report(`triggered deploy #${n} of application ${app}`);
    } else if (source === "recovered") {
      report(
        `triggered deploy #${n} of application ${app} (found in the list after an unclear response)`,
      );
    } else if (!resumesPending && prior.evidence === "interrupted-update") {
      report(
        `deploy #${n} of application ${app} for these triggers appeared after the recorded #${prior.after} (an interrupted run?); adopting it`,
      );
    } else {
      // Engine tests and users know these lines; keep their wording.
      const state = !isTerminalStatus(deployment.status)
        ? "is in progress"
        : resumesPending
          ? `is already "${deployment.status}"`
          : "is already the newest and available";
      const whose = resumesPending ? "for the pending trigger" : "for these triggers";
      report(`deploy #${n} of application ${app} ${whose} ${state}; adopting it`);
    }
    return { deployment, list, watch };
  }

  /**
   * Looks in `list` for a late commit of the unclear POST `watch` records, beside `own`; warns
   * in one line when it found one not known before. Returns the watch to record.
   */
  function checkLateCommits(
    app: string,
    list: readonly Deployment[],
    own: Pick<Deployment, "id" | "deployNumber" | "gitSha" | "imageReference">,
    watch: LateCommitWatch,
    warnKnown = false,
  ): LateCommitWatch {
    const postedAt = watch.unclearPost?.postedAt;
    const look = lookForLateCommits(list, own, watch, clock.now());
    const numbers = look.watch.duplicateDeployNumbers;
    if ((look.grew || warnKnown) && numbers.length > 0 && postedAt !== undefined) {
      report(lateCommitWarning(app, own.deployNumber, numbers, postedAt));
    }
    return look.watch;
  }

  /** What {@link settle} works with besides the deployment. */
  interface Settling {
    readonly client: NodionClient;
    readonly inputs: DeploymentInputs;
    readonly id: string;
    readonly redact: Redactor;
    /** The application's deployments as last read (for the previous deployment). */
    readonly list: readonly Deployment[];
    /** The engine's limits on this operation (customTimeouts), when it sets any. */
    readonly limits: OperationLimits;
    /** The watch for a late commit of an unclear POST of this trigger. */
    readonly watch: LateCommitWatch;
  }

  /** The lines a failure of `deployment` shows under its summary (its last log lines). */
  function logDetails(s: Settling, deployment: Deployment): Promise<readonly string[]> {
    const count = s.inputs.failureLogLines ?? DEFAULT_FAILURE_LOG_LINES;
    return failureLogDetails(
      s.client,
      s.inputs.applicationId,
      deployment.createdAt,
      count,
      s.redact,
    );
  }

  /** Waits if asked to, and turns the outcome into outputs or a recorded failure under `id`. */
  async function settle(s: Settling, deployment: Deployment): Promise<DeploymentOutputs> {
    const { client, inputs, id, limits } = s;
    let list = s.list;
    let watch = s.watch;
    if (!waitsFor(inputs)) return toOutputs(inputs, deployment, { list, watch });
    const app = inputs.applicationId;
    const ownMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    // The engine's limit (customTimeouts), when shorter, ends the wait: the engine gives up then.
    const engineBound = limits.timeoutMs !== undefined && limits.timeoutMs < ownMs;
    const timeoutMs = engineBound ? (limits.timeoutMs ?? ownMs) : ownMs;
    const started = clock.now();
    let final: Deployment;
    try {
      final = await waitForDeployment(
        async () => {
          list = await lists.forPoll(client, app);
          watch = checkLateCommits(app, list, deployment, watch);
          return list.find((d) => d.id === deployment.id);
        },
        deployment,
        {
          timeoutMs,
          clock,
          onProgress: report,
          ...(deps.listGraceMs !== undefined && { listGraceMs: deps.listGraceMs }),
        },
      );
    } catch (err) {
      if (err instanceof WaitTimeoutError) {
        throw new RecordedFailure(
          `Nodion deploy #${err.last.deployNumber} of application ${app} is still "${err.last.status}" after waiting ${seconds(err.waitedMs)} (${engineBound ? "the resource's customTimeouts" : "timeoutSeconds"}); run pulumi up again to keep waiting`,
          id,
          toOutputs(inputs, err.last, { list, watch }),
          await logDetails(s, err.last),
        );
      }
      // The deployment exists whatever went wrong while watching it (a list that lost it, a 401,
      // a bug). Record it, so the next `up` resumes it; a plain error would leave it unknown to
      // the stack and the next `up` would trigger a second deployment for the same trigger.
      const reason =
        err instanceof DeploymentVanishedError
          ? `application ${app}: ${err.message}.`
          : err instanceof Error
            ? err.message
            : String(err);
      throw new RecordedFailure(
        `${reason} Deploy #${deployment.deployNumber} of application ${app} was triggered and stays in the stack; run pulumi up again to resume waiting for it.`,
        id,
        toOutputs(inputs, deployment, { list, watch }),
      );
    }
    if (final.status !== "available") {
      throw new RecordedFailure(
        `Nodion deploy #${final.deployNumber} of application ${app} ended "${final.status}" after ${seconds(clock.now() - started)}; check its build log in the Nodion dashboard, then run pulumi up again to retry`,
        id,
        toOutputs(inputs, final, { list, watch }),
        await logDetails(s, final),
      );
    }
    return checkHealth(s, toOutputs(inputs, final, { list, watch }));
  }

  /**
   * Runs the health check, if one is set, for an `available` deployment and records its outcome
   * in `healthy`; a failure is recorded too, so the next `up` checks again without deploying.
   */
  async function checkHealth(s: Settling, outs: DeploymentOutputs): Promise<DeploymentOutputs> {
    const check = s.inputs.healthCheck;
    if (check === undefined || !waitsFor(s.inputs)) return outs;
    const app = s.inputs.applicationId;
    const which = `Nodion deploy #${outs.deployNumber} of application ${app} is available, but its health check`;
    const fail = (line: string): never => {
      throw new RecordedFailure(line, s.id, { ...outs, healthy: false });
    };
    let resolved: Awaited<ReturnType<typeof resolveHealthCheck>>;
    try {
      resolved = await resolveHealthCheck(check, () => s.client.listDomains(app));
    } catch (err) {
      const reason = NodionError.isInstance(err) ? err.message : String(err);
      return fail(
        `${which} could not find the application's domain (${reason}); give healthCheck.url, then run pulumi up again to check again`,
      );
    }
    if (!resolved.ok) {
      return fail(`${which} cannot run: ${resolved.reason}; then run pulumi up again`);
    }
    const { url, expected, timeoutMs } = resolved.check;
    report(`health check: GET ${url} (expecting ${expected.low}-${expected.high})`);
    const outcome = await runHealthCheck(resolved.check, { probe, clock, onProgress: report });
    if (outcome.healthy) {
      report(`health check: GET ${url} answered ${outcome.status}`);
      return { ...outs, healthy: true };
    }
    return fail(
      `${which} failed: GET ${url} did not answer ${expected.low}-${expected.high} within ${seconds(timeoutMs)} (${outcome.attempts} attempt${outcome.attempts === 1 ? "" : "s"}); ${describeLastResponse(outcome.last, s.redact)}; run pulumi up again to check again (nothing is redeployed)`,
    );
  }

  return {
    async configure(req) {
      config = configFrom(req.config);
    },

    prepare() {
      try {
        const parsed = parseConnection({}, config, env());
        if (parsed.ok) deps.connect(parsed.connection);
      } catch {
        // Only an early start: the operation that needs the client makes it (and reports).
      }
    },

    async check(_olds, news) {
      const failures = validateInputs(news);
      const baseUrl =
        typeof news.baseUrl === "string" && !isUnknown(news.baseUrl) ? news.baseUrl : undefined;
      const projectId =
        typeof news.projectId === "string" && !isUnknown(news.projectId)
          ? news.projectId
          : undefined;
      const parsed = parseConnection({ baseUrl, projectId }, config, env());
      if (!parsed.ok) {
        // Inputs were checked above; this adds settings from stack config or the environment.
        failures.push(
          ...parsed.problems.filter((p) => p.property !== "baseUrl" && p.property !== "projectId"),
        );
      }
      return { inputs: knownInputs(news), failures };
    },

    async diff(_id, olds, news) {
      const { replaces, changes: changed } = changedInputs(olds, news);
      // A pending trigger is resolved by an update, even when no input changed.
      const pending = olds.pendingTrigger !== undefined && olds.pendingTrigger !== null;
      // So is the watch for a late commit: each `up` looks until it can no longer land.
      const watching = recordedWatch(olds).unclearPost !== null;
      return {
        changes: replaces.length + changed.length > 0 || pending || watching,
        replaces: [...replaces],
        deleteBeforeReplace: false,
      };
    },

    async create(inputs, limits = {}) {
      const { client, redact } = connect(inputs);
      const app = inputs.applicationId;
      let deployment: Deployment;
      let list: readonly Deployment[];
      let watch = NO_LATE_COMMIT;
      if (inputs.adoptDeploymentId !== undefined) {
        list = await lists.forPoll(client, app).catch(rethrowExpected);
        const found = list.find((d) => d.id === inputs.adoptDeploymentId);
        if (found === undefined) {
          throw new ProviderError(
            `adoptDeploymentId: application ${app} has no deployment ${inputs.adoptDeploymentId}`,
          );
        }
        report(`adopted deploy #${found.deployNumber} of application ${app} (no new deployment)`);
        deployment = found;
      } else {
        ({ deployment, list, watch } = await trigger(client, inputs, {
          after: 0,
          evidence: "interrupted-create",
        }));
      }
      const outs = await settle(
        { client, inputs, id: deployment.id, redact, list, limits, watch },
        deployment,
      );
      return { id: deployment.id, outs };
    },

    async update(id, olds, news, limits = {}) {
      const { client, redact } = connect(news);
      const app = news.applicationId;
      const pending = olds.pendingTrigger ?? undefined;
      const redeploy = DEPLOYING_INPUTS.some((k) => deploysOn(k, olds, news));
      const lastFailed = olds.status === "failed" || olds.status === "expired";
      let deployment: Deployment;
      let list: readonly Deployment[] = [];
      let watch = recordedWatch(olds);
      if (pending !== undefined || redeploy || lastFailed) {
        if (!redeploy && lastFailed) {
          report(
            `retrying application ${app}: deploy #${olds.deployNumber} ended "${olds.status}"`,
          );
        }
        ({ deployment, list, watch } = await trigger(client, news, {
          after: olds.deployNumber,
          // A resource that never had a deployment is still being created, as far as adoption goes.
          evidence: olds.deploymentId === "" ? "interrupted-create" : "interrupted-update",
          ...(pending !== undefined && { pending }),
          previous: olds,
          id,
        }));
      } else if (!isTerminalStatus(olds.status) && waitsFor(news)) {
        list = await lists.forPoll(client, app).catch(rethrowExpected);
        const current = list.find((d) => d.id === olds.deploymentId);
        if (current === undefined) {
          throw new RecordedFailure(
            `application ${app}: deploy #${olds.deployNumber} is not in its deployment list (${describeList(list)}); the stack keeps it; run pulumi refresh to check, or ${STATE_DELETE_HINT}`,
            id,
            withInputs(olds, news),
          );
        }
        report(`resuming the wait for deploy #${current.deployNumber} (${current.status})`);
        deployment = current;
      } else if (olds.healthy === false && olds.status === "available") {
        // The last health check failed: check again, without deploying.
        report(`checking the health of deploy #${olds.deployNumber} again (it failed last time)`);
        const outs = await checkHealth(
          { client, inputs: news, id, redact, list, limits, watch },
          { ...withInputs(olds, news), healthy: null },
        );
        return { outs };
      } else if (watch.unclearPost !== null) {
        // Nothing to deploy; only the watch for a late commit of an unclear POST to keep.
        list = await lists.forPoll(client, app).catch(rethrowExpected);
        const own = { id: olds.deploymentId, ...olds };
        watch = checkLateCommits(app, list, own, watch);
        return { outs: { ...withInputs(olds, news), ...watch } };
      } else {
        return { outs: withInputs(olds, news) };
      }
      return {
        outs: await settle({ client, inputs: news, id, redact, list, limits, watch }, deployment),
      };
    },

    async read(id, props) {
      const inputs = inputsOf(props);
      const app = props.applicationId;
      if (props.pendingTrigger && !props.deploymentId) {
        report(
          `application ${app}: a trigger's outcome is still unknown; the next pulumi up looks for its deployment`,
        );
        return { id, props, inputs };
      }
      const { client, connection } = connect(props);
      const deploymentId = props.deploymentId || id;
      let list: Deployment[];
      try {
        list = await lists.forRead(client, app);
      } catch (err) {
        if (NodionError.isInstance(err) && err.kind === "not_found") {
          throw new ProviderError(await listNotFound(client, connection, props, err));
        }
        throw expectedError(err);
      }
      const ours = list.find((d) => d.id === deploymentId);
      const latest = latestDeployNumber(list);
      if (ours === undefined) {
        if (list.length > 0 && latest > props.deployNumber) {
          report(
            `deployment ${deploymentId} (deploy #${props.deployNumber}) of application ${app} no longer exists; removing it from the stack (the list shows up to deploy #${latest})`,
          );
          return {};
        }
        throw new ProviderError(
          `refresh: deploy #${props.deployNumber} (${deploymentId}) is not in the deployment list of application ${app} (${describeList(list)}); that is not proof it is gone (the list may lag, or the key or ${describeProject(connection)} may be wrong), so the stack keeps it: refresh again later, or ${STATE_DELETE_HINT}`,
        );
      }
      if (latest > ours.deployNumber) {
        report(
          `application ${app}: deploy #${latest} was made outside this stack (ours is #${ours.deployNumber}); not redeploying`,
        );
      }
      // The health check is not run by a refresh: its last outcome stays.
      const healthy = props.healthy ?? null;
      const watch = checkLateCommits(app, list, ours, recordedWatch(props), true);
      return { id, props: toOutputs(inputs, ours, { latest, list, healthy, watch }), inputs };
    },

    async importDeployment(applicationId, deploymentId) {
      const inputs: DeploymentInputs = { applicationId };
      const { client } = connect(inputs);
      const list = await lists.forRead(client, applicationId).catch(rethrowExpected);
      const found = list.find((d) => d.id === deploymentId);
      if (found === undefined) {
        throw new ProviderError(
          `import: application ${applicationId} has no deployment ${deploymentId} (${describeList(list)})`,
        );
      }
      report(
        `imported deploy #${found.deployNumber} of application ${applicationId} (no new deployment)`,
      );
      const recorded = importedInputs(applicationId, found);
      return {
        id: deploymentId,
        props: toOutputs(recorded, found, { latest: latestDeployNumber(list), list }),
        inputs: recorded,
      };
    },

    async getDeployments(args) {
      return readDeployments(() => connect({}).client, args);
    },

    async getApplication(args) {
      return readApplication(() => connect({}).client, args);
    },

    async delete(_id, props) {
      report(
        `deploy #${props.deployNumber} of application ${props.applicationId} stays in Nodion's history; removed from the stack only`,
      );
    },
  };
}

/**
 * The refresh error for a deployment list that answered 404: one `GET /applications/:id` tells a
 * list that is misrouted (the application answers) from an application this key and project
 * cannot see. Either way the resource stays: neither is proof that the deployment is gone.
 */
async function listNotFound(
  client: NodionClient,
  connection: Connection,
  props: DeploymentOutputs,
  listError: NodionError,
): Promise<string> {
  const app = props.applicationId;
  const keeps = `so the stack keeps deploy #${props.deployNumber}`;
  const appPath = listError.path.replace(/\/deployments$/, "");
  try {
    await client.getApplication(app);
  } catch (err) {
    if (NodionError.isInstance(err) && err.kind === "not_found") {
      return `${listError.message} Refresh: application ${app} answers 404 with the API key from ${connection.keySource} and ${describeProject(connection)}; that is not proof it is gone (a key or project id for another project answers the same, and GET ${appPath} answers 404 too, so this key and project cannot see the application), ${keeps}: check the key and nodion:projectId and refresh again, or ${STATE_DELETE_HINT}`;
    }
    return `${listError.message} Refresh: reading application ${app} itself failed too (${errorText(err)}); that is not proof it is gone, ${keeps}: refresh again later, or ${STATE_DELETE_HINT}`;
  }
  return `Nodion API: the deployment list of application ${app} answered 404 (${listError.method} ${listError.path}), but the application itself answers (GET ${appPath}): the application exists and this key can see it, so this looks like a proxy or routing problem in front of the API, not a wrong id; ${keeps}: refresh again later (check NODION_API_URL or nodion:baseUrl and any proxy in between), or ${STATE_DELETE_HINT}`;
}

/** Whether a pending trigger was recorded for the same trigger values as `inputs`. */
function sameTrigger(pending: PendingTrigger, inputs: DeploymentInputs): boolean {
  return (
    JSON.stringify(pending.triggers ?? []) === JSON.stringify(inputs.triggers ?? []) &&
    (pending.imageTag ?? null) === (inputs.imageTag ?? null)
  );
}

/**
 * The inputs an import records for `deployment`: the application and what the deployment shows
 * of its trigger (its git sha as `triggers`, the tag of its image as `imageTag`), so the program
 * written the usual way (`triggers: [<that sha>]`, `imageTag: <that tag>`) previews no change.
 */
export function importedInputs(applicationId: string, deployment: Deployment): DeploymentInputs {
  const { imageTag, gitShas = [] } = identityOf(deployment);
  return {
    applicationId,
    ...(imageTag !== undefined && { imageTag }),
    ...(imageTag === undefined && gitShas.length > 0 && { triggers: [...gitShas] }),
  };
}

function describeList(list: readonly Deployment[]): string {
  return list.length === 0
    ? "it is empty"
    : `it shows ${list.length} deployments up to deploy #${latestDeployNumber(list)}`;
}

function rethrowExpected(err: unknown): never {
  throw expectedError(err);
}

function waitsFor(inputs: DeploymentInputs): boolean {
  return (inputs.wait ?? "available") === "available";
}

function differs(a: unknown, b: unknown): boolean {
  if (isUnknown(b)) return true;
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}
