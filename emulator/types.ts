/**
 * Domain types of the Nodion emulator: the state it keeps and the seed it starts from.
 *
 * These are the emulator's own camelCase records, not Nodion's wire format; `views.ts` maps them
 * to the snake_case JSON the real API returns. Every type here is JSON-serialisable because the
 * state is written to disk as-is.
 */

/** Deployment status values the emulator produces (see `lifecycle.ts`). */
export type DeploymentStatus = "created" | "waiting" | "available" | "failed" | "expired";

/** How a deployment ends once its build time has passed. */
export type DeploymentOutcome = "available" | "failed" | "expired";

/** Nodion's two build strategies seen in the docs. */
export type DeploymentStrategy = "dockerfile" | "prebuilt_image";

/**
 * How an app's deployments end.
 * - `none`: every deployment becomes `available`.
 * - `always`: every deployment becomes `failed`.
 * - `on_sha`: deployments of the git sha `failOn` fail; others succeed.
 * - `on_tag`: deployments of the image tag `failOn` fail; others succeed.
 * - `expire`: every deployment becomes `expired` (the platform gave up on it; see README).
 */
export type FailMode = "none" | "always" | "on_sha" | "on_tag" | "expire";

/** Scopes a user API key can carry: `read` for GETs, `write` for everything else. */
export type Scope = "read" | "write";

/** Simulated per-app behaviour, set through the control plane. */
export interface Behaviour {
  /** Build duration for this app's new deployments; falls back to the emulator default. */
  readonly buildMs?: number;
  readonly failMode: FailMode;
  /** The sha (`on_sha`) or image tag (`on_tag`) that fails. */
  readonly failOn?: string;
}

/** A project; apps and project keys belong to exactly one. */
export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
}

/** A Nodion region as embedded in an application. */
export interface Region {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

/** A commit on a git app's simulated branch. */
export interface Commit {
  /** 40 lowercase hex characters. */
  readonly sha: string;
  readonly message: string;
  readonly committerName: string;
  readonly committerEmail: string;
  readonly committerUsername: string;
  /** ISO 8601 with milliseconds and offset. */
  readonly timestamp: string;
}

/** The source a git app builds from: a branch whose last commit is the head. */
export interface GitSource {
  readonly kind: "git";
  readonly branch: string;
  /** Oldest first; the last one is the head a deployment builds. Never empty. */
  readonly commits: readonly Commit[];
}

/** The source a pre-built image app pulls. */
export interface ImageSource {
  readonly kind: "image";
  /** Registry host, e.g. `docker.io`. */
  readonly registry: string;
  /** Image name as Nodion shows it, e.g. `nginx` or `acme/api`. */
  readonly imageName: string;
  /** Default tag deployed when a POST sends no `image_tag`. */
  readonly imageTag: string;
  readonly containerRegistryId: string | null;
}

/** An application and its simulated source and behaviour. */
export interface AppRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly status: string;
  readonly state: string;
  readonly instanceAmount: number;
  readonly instanceTypeId: string;
  readonly region: Region;
  readonly createdAt: string;
  readonly source: GitSource | ImageSource;
  readonly behaviour: Behaviour;
  /** The app's domains (`GET /v1/applications/:id/domains`); none when absent. */
  readonly domains?: readonly DomainRecord[];
}

/**
 * A domain of an application. Nodion documents the fields `status`, `domain_type` (`sub` or
 * `main`), `domain_name` and `verification_code`; the status values are not documented, and the
 * emulator uses `verified` and `pending` (a choice).
 */
export interface DomainRecord {
  readonly id: string;
  readonly domainName: string;
  readonly domainType: "sub" | "main";
  readonly status: string;
  readonly verificationCode: string;
  readonly createdAt: string;
}

/** A log line the application itself wrote (control plane `POST /_emulator/apps/:id/logs`). */
export interface LogRecord {
  readonly appId: string;
  /** The instance that wrote it (a UUID). */
  readonly instanceId: string;
  /** ISO 8601 with milliseconds and offset. */
  readonly ts: string;
  readonly msg: string;
}

/** A deployment as stored; its status is derived from time by `lifecycle.ts`. */
export interface DeploymentRecord {
  readonly id: string;
  readonly appId: string;
  readonly deployNumber: number;
  readonly gitSha: string | null;
  readonly commitMessage: string;
  readonly committerName: string;
  readonly committerEmail: string;
  readonly committerUsername: string;
  readonly commitTimestamp: string;
  readonly strategy: DeploymentStrategy;
  readonly imageReference: string | null;
  /** The tag deployed (image apps only); kept for `on_tag` failures and debugging. */
  readonly imageTag: string | null;
  readonly createdAt: string;
  /** Build duration fixed when the deployment was triggered. */
  readonly buildMs: number;
  /** Terminal status fixed when the deployment was triggered. */
  readonly outcome: DeploymentOutcome;
}

/** A project API key: one project, full access, ignores `X-Nodion-Project`. */
export interface ProjectKeyRecord {
  readonly kind: "project";
  readonly token: string;
  readonly name: string;
  readonly projectId: string;
}

/** A user API key: scopes, an optional project allow-list and a default project. */
export interface UserKeyRecord {
  readonly kind: "user";
  readonly token: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** Projects this key may select; absent means every project. */
  readonly allowedProjects?: readonly string[];
  /** Used when a request sends no `X-Nodion-Project`. */
  readonly defaultProjectId: string;
  /** ISO 8601; the key is rejected with 401 from this instant on. */
  readonly expiresAt?: string;
}

/** Any API key the emulator accepts. */
export type ApiKeyRecord = ProjectKeyRecord | UserKeyRecord;

/**
 * The complete emulator state; also the seed format (a seed is a state, usually without
 * deployments). Written to the state file by `persistence.ts`.
 */
export interface EmulatorState {
  readonly projects: readonly ProjectRecord[];
  readonly keys: readonly ApiKeyRecord[];
  readonly apps: readonly AppRecord[];
  readonly deployments: readonly DeploymentRecord[];
  /**
   * Lines the applications wrote. The lines of each deployment's build are not stored: they are
   * derived from the deployment and the time (`deployment-logs.ts`). Absent means none.
   */
  readonly logs?: readonly LogRecord[];
}

/** A seed: the state to start from. `deployments` may be omitted. */
export type EmulatorSeed = Omit<EmulatorState, "deployments" | "logs"> & {
  readonly logs?: readonly LogRecord[];
  readonly deployments?: readonly DeploymentRecord[];
};
