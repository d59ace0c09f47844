/**
 * Nodion's wire format: maps the emulator's records to the snake_case JSON the real API returns,
 * field by field, in the order the docs show them.
 */
import type { EmulatedLogLine } from "./deployment-logs";
import type { DeploymentSnapshot } from "./store";
import type { AppRecord, DomainRecord } from "./types";

/** An application as `GET /v1/applications[/:id]` returns it. */
export interface ApplicationJson {
  readonly id: string;
  readonly status: string;
  readonly state: string;
  readonly name: string;
  readonly instance_amount: number;
  readonly instance_type_id: string;
  readonly deployment_strategy: "dockerfile" | "prebuilt_image";
  readonly container_registry_id: string | null;
  readonly image_name: string | null;
  readonly image_tag: string | null;
  readonly region: { readonly id: string; readonly name: string; readonly slug: string };
  readonly workers: readonly never[];
  readonly created_at: string;
}

/** A deployment as list items show it (no `updated_at`, as in the docs example). */
export interface DeploymentListItemJson {
  readonly id: string;
  readonly status: string;
  readonly deploy_number: number;
  readonly git_sha: string | null;
  readonly commit_message: string;
  readonly committer_name: string;
  readonly committer_email: string;
  readonly committer_username: string;
  readonly commit_timestamp: string;
  readonly strategy: "dockerfile" | "prebuilt_image";
  readonly image_reference: string | null;
  readonly created_at: string;
}

/** A deployment as the trigger POST returns it: the list item plus `updated_at`. */
export interface DeploymentJson extends DeploymentListItemJson {
  readonly updated_at: string;
}

/** Maps an app record to its wire JSON. */
export function applicationJson(app: AppRecord): ApplicationJson {
  const image = app.source.kind === "image" ? app.source : undefined;
  return {
    id: app.id,
    status: app.status,
    state: app.state,
    name: app.name,
    instance_amount: app.instanceAmount,
    instance_type_id: app.instanceTypeId,
    deployment_strategy: image ? "prebuilt_image" : "dockerfile",
    container_registry_id: image?.containerRegistryId ?? null,
    image_name: image?.imageName ?? null,
    image_tag: image?.imageTag ?? null,
    region: { id: app.region.id, name: app.region.name, slug: app.region.slug },
    workers: [],
    created_at: app.createdAt,
  };
}

/** Maps a deployment to a list item. */
export function deploymentListItemJson({
  record,
  status,
}: DeploymentSnapshot): DeploymentListItemJson {
  return {
    id: record.id,
    status,
    deploy_number: record.deployNumber,
    git_sha: record.gitSha,
    commit_message: record.commitMessage,
    committer_name: record.committerName,
    committer_email: record.committerEmail,
    committer_username: record.committerUsername,
    commit_timestamp: record.commitTimestamp,
    strategy: record.strategy,
    image_reference: record.imageReference,
    created_at: record.createdAt,
  };
}

/**
 * Maps a just-triggered deployment. Nothing updates a deployment record after creation, so
 * `updated_at` equals `created_at`, as in the docs example.
 */
export function deploymentJson(snapshot: DeploymentSnapshot): DeploymentJson {
  return { ...deploymentListItemJson(snapshot), updated_at: snapshot.record.createdAt };
}

/** A log line as `GET /v1/applications/:id/logs` returns it. */
export interface LogLineJson {
  readonly ts: string;
  readonly msg: string;
  readonly instance_id: string;
}

/** Maps a log line to its wire JSON. */
export function logLineJson(line: EmulatedLogLine): LogLineJson {
  return { ts: line.ts, msg: line.msg, instance_id: line.instanceId };
}

/** A domain as `GET /v1/applications/:id/domains` returns it. */
export interface DomainJson {
  readonly id: string;
  readonly status: string;
  readonly domain_type: "sub" | "main";
  readonly domain_name: string;
  readonly verification_code: string;
  readonly created_at: string;
}

/** Maps a domain record to its wire JSON. */
export function domainJson(domain: DomainRecord): DomainJson {
  return {
    id: domain.id,
    status: domain.status,
    domain_type: domain.domainType,
    domain_name: domain.domainName,
    verification_code: domain.verificationCode,
    created_at: domain.createdAt,
  };
}
