/**
 * Emulator state and the rules that change it, with no HTTP in sight. Handlers call the
 * `EmulatorStore` interface; `MemoryStore` is the one implementation.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { toNodionTimestamp } from "./clock";
import { imageReference, isValidImageTag } from "./images";
import { deploymentLogLines, instanceIdOf, type EmulatedLogLine } from "./deployment-logs";
import { deploymentStatus, outcomeFor } from "./lifecycle";
import type {
  ApiKeyRecord,
  AppRecord,
  Behaviour,
  Commit,
  DeploymentRecord,
  DeploymentStatus,
  DomainRecord,
  EmulatorState,
  LogRecord,
} from "./types";

/** Build duration used when neither the app nor the emulator options set one. */
export const DEFAULT_BUILD_MS = 3000;

/** Message of the 400 for `image_tag` on a git app. */
export const IMAGE_TAG_ON_GIT_APP = "Image tag can only be set for pre-built image applications";

/** A deployment together with its status at the time it was read. */
export interface DeploymentSnapshot {
  readonly record: DeploymentRecord;
  readonly status: DeploymentStatus;
}

/** The result of a store operation that can fail. */
export type StoreResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: "not_found" }
  | { readonly ok: false; readonly reason: "invalid"; readonly errors: readonly string[] };

/** What a deployment trigger may ask for. */
export interface TriggerRequest {
  /** Overrides the app's default tag; pre-built image apps only. */
  readonly imageTag?: string;
}

/** A simulated `git push` to an app's branch; every field is optional. */
export interface PushInput {
  readonly sha?: string;
  readonly message?: string;
  readonly committerName?: string;
  readonly committerEmail?: string;
  readonly committerUsername?: string;
}

/** A line an application writes through the control plane; time and instance may be given. */
export interface WriteLogInput {
  readonly msg: string;
  /** Default: the instance of the app's newest deployment. */
  readonly instanceId?: string;
  /** ISO 8601; default now. */
  readonly ts?: string;
}

/** Everything the HTTP layers may ask of the emulator's state. */
export interface EmulatorStore {
  /** Current emulator time in epoch milliseconds. */
  now(): number;
  /** The key with this exact token, if any. */
  findKey(token: string): ApiKeyRecord | undefined;
  /** Whether a project with this id exists. */
  hasProject(projectId: string): boolean;
  /** Apps of one project, in seed order. */
  listApps(projectId: string): readonly AppRecord[];
  /** One app by id, whatever its project. */
  getApp(appId: string): AppRecord | undefined;
  /** An app's deployments, newest (highest deploy number) first. */
  listDeployments(appId: string): StoreResult<readonly DeploymentSnapshot[]>;
  /** Creates the app's next deployment from its branch head or image. */
  triggerDeployment(appId: string, request: TriggerRequest): StoreResult<DeploymentSnapshot>;
  /**
   * Every log line of an app up to now, oldest first: the lines its deployments' builds wrote
   * (derived from time) and the lines written through {@link EmulatorStore.writeLogs}.
   */
  listLogs(appId: string): StoreResult<readonly EmulatedLogLine[]>;
  /** Appends lines an app wrote (as its running instances would). */
  writeLogs(appId: string, lines: readonly WriteLogInput[]): StoreResult<readonly LogRecord[]>;
  /** An app's domains, in seed order. */
  listDomains(appId: string): StoreResult<readonly DomainRecord[]>;
  /** Adds a new head commit to a git app's branch. */
  pushCommit(appId: string, input: PushInput): StoreResult<Commit>;
  /** Replaces an app's simulated behaviour; applies to deployments triggered afterwards. */
  setBehaviour(appId: string, behaviour: Behaviour): StoreResult<Behaviour>;
  /** Replaces the whole state (reset, seed, load). */
  replace(state: EmulatorState): void;
  /** A deep copy of the whole state. */
  snapshot(): EmulatorState;
}

/** Options of `MemoryStore`. */
export interface MemoryStoreOptions {
  readonly state: EmulatorState;
  readonly now: () => number;
  /** Build duration for apps whose behaviour sets none. */
  readonly defaultBuildMs?: number;
  /** Called after every mutation, e.g. to persist the state. */
  readonly onChange?: () => void;
}

/** In-memory `EmulatorStore`. */
export class MemoryStore implements EmulatorStore {
  private state: EmulatorState;
  private readonly clockNow: () => number;
  private readonly defaultBuildMs: number;
  private readonly onChange: () => void;

  constructor(options: MemoryStoreOptions) {
    this.state = structuredClone(options.state);
    this.clockNow = options.now;
    this.defaultBuildMs = options.defaultBuildMs ?? DEFAULT_BUILD_MS;
    this.onChange = options.onChange ?? (() => undefined);
  }

  now(): number {
    return this.clockNow();
  }

  findKey(token: string): ApiKeyRecord | undefined {
    return this.state.keys.find((key) => key.token === token);
  }

  hasProject(projectId: string): boolean {
    return this.state.projects.some((project) => project.id === projectId);
  }

  listApps(projectId: string): readonly AppRecord[] {
    return this.state.apps.filter((app) => app.projectId === projectId);
  }

  getApp(appId: string): AppRecord | undefined {
    return this.state.apps.find((app) => app.id === appId);
  }

  listDeployments(appId: string): StoreResult<readonly DeploymentSnapshot[]> {
    if (!this.getApp(appId)) return { ok: false, reason: "not_found" };
    const now = this.now();
    const value = this.state.deployments
      .filter((d) => d.appId === appId)
      .sort((a, b) => b.deployNumber - a.deployNumber)
      .map((record) => this.snapshotOf(record, now));
    return { ok: true, value };
  }

  triggerDeployment(appId: string, request: TriggerRequest): StoreResult<DeploymentSnapshot> {
    const app = this.getApp(appId);
    if (!app) return { ok: false, reason: "not_found" };
    const now = this.now();
    const createdAt = toNodionTimestamp(now);
    const source = app.source;
    let version: Omit<
      DeploymentRecord,
      "id" | "appId" | "deployNumber" | "createdAt" | "buildMs" | "outcome"
    >;
    if (source.kind === "git") {
      if (request.imageTag !== undefined) return invalid(IMAGE_TAG_ON_GIT_APP);
      const head = source.commits[source.commits.length - 1];
      version = {
        gitSha: head.sha,
        commitMessage: head.message,
        committerName: head.committerName,
        committerEmail: head.committerEmail,
        committerUsername: head.committerUsername,
        commitTimestamp: head.timestamp,
        strategy: "dockerfile",
        imageReference: null,
        imageTag: null,
      };
    } else {
      const tag = request.imageTag ?? source.imageTag;
      if (!isValidImageTag(tag))
        return invalid(`Image tag ${JSON.stringify(tag)} is not a valid tag`);
      version = {
        gitSha: null,
        commitMessage: `Image: ${source.imageName}:${tag}`,
        committerName: "Container Registry",
        committerEmail: "deploy@nodion.com",
        committerUsername: "Container Registry",
        commitTimestamp: createdAt,
        strategy: "prebuilt_image",
        imageReference: imageReference(source.registry, source.imageName, tag),
        imageTag: tag,
      };
    }
    const record: DeploymentRecord = {
      id: randomUUID(),
      appId,
      deployNumber: this.nextDeployNumber(appId),
      ...version,
      createdAt,
      buildMs: app.behaviour.buildMs ?? this.defaultBuildMs,
      outcome: outcomeFor(app.behaviour, version),
    };
    this.state = { ...this.state, deployments: [...this.state.deployments, record] };
    this.onChange();
    return { ok: true, value: this.snapshotOf(record, now) };
  }

  listLogs(appId: string): StoreResult<readonly EmulatedLogLine[]> {
    if (!this.getApp(appId)) return { ok: false, reason: "not_found" };
    const now = this.now();
    const built = this.state.deployments
      .filter((d) => d.appId === appId)
      .flatMap((d) => deploymentLogLines(d, now));
    // Written lines sort after build lines of the same millisecond, in the order written.
    const written = (this.state.logs ?? [])
      .filter((l) => l.appId === appId)
      .map((l, i) => ({
        tsMs: Date.parse(l.ts),
        seq: 1000 + i,
        ts: l.ts,
        msg: l.msg,
        instanceId: l.instanceId,
      }))
      .filter((l) => l.tsMs <= now);
    const value = [...built, ...written].sort((a, b) => a.tsMs - b.tsMs || a.seq - b.seq);
    return { ok: true, value };
  }

  writeLogs(appId: string, lines: readonly WriteLogInput[]): StoreResult<readonly LogRecord[]> {
    if (!this.getApp(appId)) return { ok: false, reason: "not_found" };
    const newest = this.state.deployments
      .filter((d) => d.appId === appId)
      .reduce<DeploymentRecord | undefined>(
        (max, d) => (max === undefined || d.deployNumber > max.deployNumber ? d : max),
        undefined,
      );
    const fallbackInstance = instanceIdOf(newest?.id ?? appId);
    const ts = toNodionTimestamp(this.now());
    const records = lines.map((line) => ({
      appId,
      instanceId: line.instanceId ?? fallbackInstance,
      ts: line.ts ?? ts,
      msg: line.msg,
    }));
    this.state = { ...this.state, logs: [...(this.state.logs ?? []), ...records] };
    this.onChange();
    return { ok: true, value: records };
  }

  listDomains(appId: string): StoreResult<readonly DomainRecord[]> {
    const app = this.getApp(appId);
    if (!app) return { ok: false, reason: "not_found" };
    return { ok: true, value: app.domains ?? [] };
  }

  pushCommit(appId: string, input: PushInput): StoreResult<Commit> {
    const app = this.getApp(appId);
    if (!app) return { ok: false, reason: "not_found" };
    if (app.source.kind !== "git") return invalid("Only git applications have a branch to push to");
    const commit: Commit = {
      sha: input.sha ?? randomBytes(20).toString("hex"),
      message: input.message ?? `Emulated commit ${app.source.commits.length + 1}`,
      committerName: input.committerName ?? "Emu Lator",
      committerEmail: input.committerEmail ?? "emulator@example.com",
      committerUsername: input.committerUsername ?? "emulator",
      timestamp: toNodionTimestamp(this.now()),
    };
    const source = { ...app.source, commits: [...app.source.commits, commit] };
    this.updateApp({ ...app, source });
    return { ok: true, value: commit };
  }

  setBehaviour(appId: string, behaviour: Behaviour): StoreResult<Behaviour> {
    const app = this.getApp(appId);
    if (!app) return { ok: false, reason: "not_found" };
    this.updateApp({ ...app, behaviour });
    return { ok: true, value: behaviour };
  }

  replace(state: EmulatorState): void {
    this.state = structuredClone(state);
    this.onChange();
  }

  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  private updateApp(updated: AppRecord): void {
    const apps = this.state.apps.map((app) => (app.id === updated.id ? updated : app));
    this.state = { ...this.state, apps };
    this.onChange();
  }

  private nextDeployNumber(appId: string): number {
    return (
      this.state.deployments.reduce(
        (max, d) => (d.appId === appId ? Math.max(max, d.deployNumber) : max),
        0,
      ) + 1
    );
  }

  private snapshotOf(record: DeploymentRecord, now: number): DeploymentSnapshot {
    const createdAtMs = Date.parse(record.createdAt);
    return {
      record,
      status: deploymentStatus(
        { createdAtMs, buildMs: record.buildMs, outcome: record.outcome },
        now,
      ),
    };
  }
}

function invalid(message: string): { ok: false; reason: "invalid"; errors: string[] } {
  return { ok: false, reason: "invalid", errors: [message] };
}
