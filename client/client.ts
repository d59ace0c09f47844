/**
 * {@link NodionClient}: typed access to the Nodion API endpoints the Pulumi provider needs.
 *
 * @packageDocumentation
 */
import { requireHeaderSafe, requireText } from "./argument-error";
import { normaliseBaseUrl } from "./base-url";
import { claimsFor, type TriggerClaims } from "./claims";
import { systemClock, type Clock } from "./clock";
import { requireUuid } from "./ids";
import { createSendOnce, type Endpoint, type SendOnce } from "./request";
import { resolveRetryPolicy, withRetries, type RetryContext, type RetryPolicy } from "./retry";
import type { TriggerIdentity } from "./ownership";
import { createAxiosTransport, DEFAULT_MAX_RESPONSE_BYTES } from "./transport";
import { triggerExactlyOnce, type ResumeQuery, type TriggerOutcome } from "./trigger";
import { logQueryString, type ListLogsOptions } from "./log-query";
import type { Application, Deployment, Domain, LogLine } from "./types";
import { DEFAULT_USER_AGENT } from "./version";
import {
  parseApplicationEnvelope,
  parseApplicationList,
  parseDeploymentEnvelope,
  parseDeploymentList,
  parseDomainList,
  parseLogList,
} from "./wire";

/** The public API's base URL. */
export const DEFAULT_BASE_URL = "https://api.nodion.com/v1";
/** Per-request timeout unless configured. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The least observation window after an unclear POST unless `outcomeWindowMs` is given, whatever
 * the request timeout: 30 s. A short request timeout says how long to wait for an answer, not how
 * long a server may still be working on the request. 30 s is as long as the default request
 * timeout watches, and as long as the gateways in front of web APIs commonly let a request run
 * (Heroku's router cuts at 30 s, nginx's and AWS load balancers' defaults are 60 s idle).
 */
export const MIN_OUTCOME_WINDOW_MS = 30_000;

/** How to reach and authenticate to the API. */
export interface NodionClientOptions {
  /** User or Project API key, sent as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  /**
   * API base URL with version; a trailing `/` is fine, a query string or fragment is refused.
   * Default {@link DEFAULT_BASE_URL}.
   */
  readonly baseUrl?: string;
  /** Project UUID, sent as `X-Nodion-Project` (User keys only; Project keys ignore it). */
  readonly projectId?: string;
  /**
   * Per-request timeout in milliseconds, covering the whole response body.
   * Default {@link DEFAULT_TIMEOUT_MS}.
   */
  readonly timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes; a larger one fails with a
   * {@link ResponseTooLargeError}. Default {@link DEFAULT_MAX_RESPONSE_BYTES} (16 MiB).
   */
  readonly maxResponseBytes?: number;
  /**
   * After a POST whose outcome is unknown (a timeout, a 5xx, a dropped connection), how long the
   * client watches the deployment list for the deployment it may have made before it may POST
   * again. Default: the request timeout or {@link MIN_OUTCOME_WINDOW_MS}, whichever is longer. The
   * least accepted is the request timeout: a server that was still working on the request when
   * the client gave up may need that long again; a window below {@link MIN_OUTCOME_WINDOW_MS}
   * trusts the server to act within it. The trigger's deadline reserves one request timeout plus
   * this window after every POST it starts.
   */
  readonly outcomeWindowMs?: number;
  /**
   * The trigger claims this client shares (see `claims.ts`). Default: those of every client of
   * this process that talks to the same API. Tests pass fresh ones to act as another process.
   */
  readonly claims?: TriggerClaims;
  /** `User-Agent` header. Default `pulumi-nodion/<version>`. */
  readonly userAgent?: string;
  /** Overrides of {@link DEFAULT_RETRY_POLICY}. */
  readonly retry?: Partial<RetryPolicy>;
  /** Time source for backoff and deadlines. Default {@link systemClock}. */
  readonly clock?: Clock;
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** Options of {@link NodionClient.triggerDeployment}. */
export interface TriggerDeploymentOptions {
  /** Image tag for this deploy of a pre-built image application (sent as `image_tag`). */
  readonly imageTag?: string;
  /**
   * The application's highest deploy number as the caller has just read it. The trigger needs
   * it to recognise its own deployment after an ambiguous failure; given, it skips reading it.
   */
  readonly latestDeployNumber?: number;
}

/** Options of {@link NodionClient.triggerOrResume}. */
export interface TriggerOrResumeOptions extends TriggerIdentity {
  /** Image tag for this deploy of a pre-built image application (sent as `image_tag`). */
  readonly imageTag?: string;
  /**
   * The application's deployments as the caller has just read them: the snapshot for recognising
   * the deployment of an unclear POST, and where `resume` looks first. Read afresh when absent.
   */
  readonly deployments?: readonly Deployment[];
  /** Look for an earlier trigger's deployment (see `ownership.ts`) before posting. */
  readonly resume?: ResumeQuery;
}

type TriggerPlanInput = Parameters<typeof triggerExactlyOnce>[0];

function deploymentsPath(applicationId: string): string {
  return `/applications/${encodeURIComponent(applicationId)}/deployments`;
}

function newestFirst(deployments: Deployment[]): Deployment[] {
  return deployments.sort((a, b) => b.deployNumber - a.deployNumber);
}

/**
 * A client for the Nodion API. Reads are retried on transient failures; the deployment trigger
 * creates exactly one deployment per call (see `trigger.ts`). All failures are
 * {@link NodionError}s; none of them, nor this object's enumerable state, contains the API key.
 * Arguments are checked before any request: an application or deployment ID that is not a UUID
 * is refused with an {@link InvalidArgumentError} naming the parameter.
 */
export class NodionClient {
  private readonly sendOnce: SendOnce;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly claims: TriggerClaims;
  private readonly timeoutMs: number;
  private readonly outcomeWindowMs: number;

  /**
   * @throws {@link InvalidArgumentError} (a `TypeError`) for a malformed or unsafe key, project
   *   ID or base URL, and RangeError for an invalid number; messages never contain the key.
   */
  constructor(options: NodionClientOptions) {
    const apiKey = requireHeaderSafe("apiKey", options.apiKey);
    const projectId =
      options.projectId === undefined
        ? undefined
        : requireHeaderSafe("projectId", options.projectId);
    const baseUrl = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
      throw new RangeError(`maxResponseBytes must be a positive integer, got ${maxResponseBytes}`);
    }
    this.claims = options.claims ?? claimsFor(baseUrl);
    const outcomeWindowMs = options.outcomeWindowMs ?? Math.max(timeoutMs, MIN_OUTCOME_WINDOW_MS);
    if (!Number.isFinite(outcomeWindowMs) || outcomeWindowMs < timeoutMs) {
      throw new RangeError(
        `outcomeWindowMs must be at least the request timeout (${timeoutMs} ms), got ${outcomeWindowMs}`,
      );
    }
    this.timeoutMs = timeoutMs;
    this.outcomeWindowMs = outcomeWindowMs;
    this.policy = resolveRetryPolicy(options.retry);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.sendOnce = createSendOnce({
      apiKey,
      baseUrl,
      ...(projectId !== undefined && { projectId }),
      timeoutMs,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      policy: this.policy,
      clock: this.clock,
      transport: createAxiosTransport({ maxResponseBytes }),
    });
  }

  /**
   * Lists an application's deployments, newest first (highest `deployNumber` first, whatever
   * order the server used).
   *
   * @param applicationId - application UUID.
   */
  async listDeployments(applicationId: string): Promise<Deployment[]> {
    return this.readDeployments(requireUuid("applicationId", applicationId), "list deployments");
  }

  /**
   * Triggers a deployment (`POST /applications/:id/deployments`). Creates exactly one deployment
   * per call: after an ambiguous failure it adopts the deployment the failed POST created rather
   * than posting again, and never one that another concurrent call of this client obtained
   * (see `claims.ts`).
   *
   * @param applicationId - application UUID.
   * @param options - `imageTag` overrides the image tag of a pre-built image application.
   * @returns the new deployment (normally in status `created`).
   */
  async triggerDeployment(
    applicationId: string,
    options: TriggerDeploymentOptions = {},
  ): Promise<Deployment> {
    const outcome = await this.trigger(applicationId, options.imageTag, {
      ...(options.latestDeployNumber !== undefined && { snapshot: options.latestDeployNumber }),
    });
    return outcome.deployment;
  }

  /**
   * Like {@link triggerDeployment}, but first looks for a deployment an earlier trigger of the
   * same values may have made (`resume`), and says how the deployment was obtained. This is what
   * a caller that records pending triggers (the Pulumi provider) uses.
   *
   * @throws a {@link NodionError}; one with `outcomeUnknown` means a deployment may exist that
   * the list did not show within the observation window.
   */
  async triggerOrResume(
    applicationId: string,
    options: TriggerOrResumeOptions = {},
  ): Promise<TriggerOutcome> {
    return this.trigger(applicationId, options.imageTag, {
      ...(options.deployments !== undefined && { known: options.deployments }),
      ...(options.resume !== undefined && { resume: options.resume }),
      ...(options.gitShas !== undefined && { gitShas: options.gitShas }),
    });
  }

  private trigger(
    applicationId: string,
    imageTagOption: string | undefined,
    extra: Pick<TriggerPlanInput, "known" | "snapshot" | "resume" | "gitShas">,
  ): Promise<TriggerOutcome> {
    const appId = requireUuid("applicationId", applicationId);
    const imageTag =
      imageTagOption === undefined ? undefined : requireText("imageTag", imageTagOption);
    const operation = "trigger deployment";
    // The deadline covers posting plus the reserve the last POST needs (see trigger.ts).
    const ctx = this.newRetryContext(this.timeoutMs + this.outcomeWindowMs);
    const endpoint: Endpoint = {
      operation,
      method: "POST",
      path: deploymentsPath(appId),
      applicationId: appId,
      ...(imageTag !== undefined && { body: { image_tag: imageTag } }),
    };
    return triggerExactlyOnce({
      ctx,
      timeoutMs: this.timeoutMs,
      outcomeWindowMs: this.outcomeWindowMs,
      listDeployments: () => this.readDeployments(appId, operation, ctx),
      postOnce: (deadlineAt) => this.sendOnce(endpoint, parseDeploymentEnvelope, deadlineAt),
      ...(imageTag !== undefined && { imageTag }),
      ...extra,
      claims: this.claims,
    });
  }

  /**
   * Finds one deployment by ID. Nodion has no single-deployment endpoint, so this reads the list.
   *
   * @returns the deployment, or `undefined` if the application has no deployment with that ID.
   */
  async findDeployment(
    applicationId: string,
    deploymentId: string,
  ): Promise<Deployment | undefined> {
    const appId = requireUuid("applicationId", applicationId);
    const wanted = requireUuid("deploymentId", deploymentId);
    const deployments = await this.readDeployments(appId, "find deployment");
    return deployments.find((d) => d.id === wanted);
  }

  /**
   * Reads one application.
   *
   * @throws {@link NotFoundError} if it does not exist in the selected project.
   */
  async getApplication(applicationId: string): Promise<Application> {
    const appId = requireUuid("applicationId", applicationId);
    return this.read(
      {
        operation: "get application",
        method: "GET",
        path: `/applications/${encodeURIComponent(appId)}`,
        applicationId: appId,
      },
      parseApplicationEnvelope,
    );
  }

  /** Lists the applications of the selected project, in server order. */
  async listApplications(): Promise<Application[]> {
    return this.read(
      { operation: "list applications", method: "GET", path: "/applications" },
      parseApplicationList,
    );
  }

  /**
   * Reads an application's log lines (`GET /applications/:id/logs`), oldest first as Nodion sends
   * them. Without cursors Nodion serves the last hour; `after` pages forward, `before` backwards.
   * Lines are returned verbatim: they may hold anything the application printed, so redact them
   * before showing them (see {@link createRedactor}).
   *
   * @throws {@link InvalidArgumentError} for a malformed option, before any request;
   *   {@link PermissionError} when the key may not read logs (a user key without the scope).
   */
  async listLogs(applicationId: string, options: ListLogsOptions = {}): Promise<LogLine[]> {
    const appId = requireUuid("applicationId", applicationId);
    const query = logQueryString(options);
    return this.read(
      {
        operation: "list logs",
        method: "GET",
        path: `/applications/${encodeURIComponent(appId)}/logs`,
        ...(query !== "" && { query }),
        applicationId: appId,
      },
      parseLogList,
    );
  }

  /** Lists an application's domains (`GET /applications/:id/domains`), in server order. */
  async listDomains(applicationId: string): Promise<Domain[]> {
    const appId = requireUuid("applicationId", applicationId);
    return this.read(
      {
        operation: "list domains",
        method: "GET",
        path: `/applications/${encodeURIComponent(appId)}/domains`,
        applicationId: appId,
      },
      parseDomainList,
    );
  }

  private newRetryContext(reserveMs = 0): RetryContext {
    return {
      policy: this.policy,
      clock: this.clock,
      random: this.random,
      deadlineAt: this.clock.now() + this.policy.deadlineMs + reserveMs,
    };
  }

  private read<T>(
    endpoint: Endpoint,
    parse: (body: unknown) => T,
    ctx: RetryContext = this.newRetryContext(),
  ): Promise<T> {
    return withRetries(ctx, () => this.sendOnce(endpoint, parse, ctx.deadlineAt));
  }

  private async readDeployments(
    applicationId: string,
    operation: string,
    ctx?: RetryContext,
  ): Promise<Deployment[]> {
    const endpoint: Endpoint = {
      operation,
      method: "GET",
      path: deploymentsPath(applicationId),
      applicationId,
    };
    return newestFirst(await this.read(endpoint, parseDeploymentList, ctx));
  }
}
