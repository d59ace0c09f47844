/**
 * Models returned by {@link NodionClient} (camelCase, validated) and the wire shapes Nodion sends
 * (snake_case, as documented). Only `wire.ts` converts between the two.
 *
 * @packageDocumentation
 */

/** Deployment statuses that Nodion's docs or third-party clients are known to return. */
export type KnownDeploymentStatus = "created" | "waiting" | "available" | "failed" | "expired";

/**
 * A deployment status. Nodion documents no enum, so any other string the API sends is kept
 * verbatim; the `string & Record<never, never>` arm keeps editor completion for the known values.
 */
export type DeploymentStatus = KnownDeploymentStatus | (string & Record<never, never>);

/** Statuses after which a deployment no longer changes. */
export const TERMINAL_STATUSES: readonly string[] = Object.freeze([
  "available",
  "failed",
  "expired",
]);

/**
 * Whether a deployment in status `status` has finished. Unknown statuses count as still running,
 * so a caller polling for completion keeps waiting (until its own timeout) instead of stopping early.
 */
export function isTerminalStatus(status: string): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** One deployment of an application, as listed by `GET /applications/:id/deployments`. */
export interface Deployment {
  /** Deployment UUID. */
  readonly id: string;
  /** Lifecycle status, e.g. `created` → `waiting` → `available` | `failed` | `expired`. */
  readonly status: DeploymentStatus;
  /** Per-application sequence number: starts at 1 and grows by one per deployment. */
  readonly deployNumber: number;
  /** Commit SHA; `null` for pre-built image deployments. */
  readonly gitSha: string | null;
  /** Commit message; synthesized as `Image: name:tag` for image deployments. */
  readonly commitMessage: string | null;
  /** Committer name; `Container Registry` for image deployments. */
  readonly committerName: string | null;
  /** Committer e-mail address. */
  readonly committerEmail: string | null;
  /** Committer username. */
  readonly committerUsername: string | null;
  /** ISO 8601 commit time (the trigger time for image deployments). */
  readonly commitTimestamp: string | null;
  /** Build strategy such as `dockerfile` or `prebuilt_image`; absent in older API versions. */
  readonly strategy: string | null;
  /** Full image reference such as `docker.io/nginx:1.25`; `null` for Git builds. */
  readonly imageReference: string | null;
  /** ISO 8601 creation time. */
  readonly createdAt: string;
  /** ISO 8601 update time; only the trigger response is known to include it. */
  readonly updatedAt: string | null;
}

/** The region an application runs in. */
export interface Region {
  /** Region UUID. */
  readonly id: string;
  /** Display name such as `Frankfurt, DE`. */
  readonly name: string;
  /** Short code such as `fra`. */
  readonly slug: string;
}

/** An application, as returned by `GET /applications` and `GET /applications/:id`. */
export interface Application {
  /** Application UUID. */
  readonly id: string;
  /** Application name. */
  readonly name: string;
  /** Application status such as `online` (not a documented enum). */
  readonly status: string | null;
  /** Application state such as `default` (not a documented enum). */
  readonly state: string | null;
  /** How the application is built, e.g. `dockerfile` or `prebuilt_image`. */
  readonly deploymentStrategy: string | null;
  /** Image name for pre-built image applications; `null` for Git applications. */
  readonly imageName: string | null;
  /** Default image tag for pre-built image applications; `null` for Git applications. */
  readonly imageTag: string | null;
  /** The region, when the API includes it. */
  readonly region: Region | null;
}

/** One line of an application's log, as listed by `GET /applications/:id/logs`. */
export interface LogLine {
  /** When the line was written: ISO 8601, as Nodion sent it. */
  readonly timestamp: string;
  /** The line's text, verbatim (it may hold anything the application printed). */
  readonly message: string;
  /** The instance that wrote it; `null` when Nodion does not say. */
  readonly instanceId: string | null;
}

/** A domain of an application, as listed by `GET /applications/:id/domains`. */
export interface Domain {
  /** Domain UUID. */
  readonly id: string;
  /** The fully qualified name, e.g. `api.example.com`. */
  readonly domainName: string;
  /** `sub` or `main` (not a documented enum); `null` when absent. */
  readonly domainType: string | null;
  /** Verification status, e.g. `verified` (not a documented enum); `null` when absent. */
  readonly status: string | null;
}

/** A deployment as Nodion sends it. Only the first four fields are guaranteed. */
export interface DeploymentWire {
  readonly id: string;
  readonly status: string;
  readonly deploy_number: number;
  readonly created_at: string;
  readonly git_sha?: string | null;
  readonly commit_message?: string | null;
  readonly committer_name?: string | null;
  readonly committer_email?: string | null;
  readonly committer_username?: string | null;
  readonly commit_timestamp?: string | null;
  readonly strategy?: string | null;
  readonly image_reference?: string | null;
  readonly updated_at?: string | null;
}

/** A region as Nodion sends it. */
export interface RegionWire {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

/** An application as Nodion sends it (only the fields this client reads). */
export interface ApplicationWire {
  readonly id: string;
  readonly name: string;
  readonly status?: string | null;
  readonly state?: string | null;
  readonly deployment_strategy?: string | null;
  readonly image_name?: string | null;
  readonly image_tag?: string | null;
  readonly region?: RegionWire | null;
}

/** A log line as Nodion sends it (only the fields this client reads). */
export interface LogLineWire {
  readonly ts: string;
  readonly msg: string;
  readonly instance_id?: string | null;
}

/** A domain as Nodion sends it (only the fields this client reads). */
export interface DomainWire {
  readonly id: string;
  readonly domain_name: string;
  readonly domain_type?: string | null;
  readonly status?: string | null;
}

/** Body of `GET /applications/:id/logs`. */
export interface LogListWire {
  readonly logs: readonly LogLineWire[];
}

/** Body of `GET /applications/:id/domains`. */
export interface DomainListWire {
  readonly domains: readonly DomainWire[];
}

/** Body of `GET /applications/:id/deployments`. */
export interface DeploymentListWire {
  readonly deployments: readonly DeploymentWire[];
}

/** Body of a successful `POST /applications/:id/deployments`. */
export interface DeploymentEnvelopeWire {
  readonly deployment: DeploymentWire;
}

/** Body of `GET /applications`. */
export interface ApplicationListWire {
  readonly applications: readonly ApplicationWire[];
}

/** Body of `GET /applications/:id`. */
export interface ApplicationEnvelopeWire {
  readonly application: ApplicationWire;
}

/** Body of `POST /applications/:id/deployments`; `image_tag` only for pre-built image apps. */
export interface TriggerDeploymentWire {
  readonly image_tag?: string;
}
