/**
 * The Pulumi schema types of the plugin's properties, keyed by the field lists of `../args.ts`:
 * a field added there without a type here is a compile error, so the schema cannot miss it.
 * Descriptions are not here: they are the TSDoc of `NodionDeploymentArgs`, `NodionDeployment`
 * and `ProviderConfig`, read by `tools/generate-schema.ts` (one text for every SDK's docs).
 *
 * @packageDocumentation
 */
import { DEPLOYMENT_FIELDS, type DeploymentField } from "../args";
import type {
  HealthCheck,
  INPUT_FIELDS,
  OUTPUT_FIELDS,
  PendingTrigger,
  UnclearPostRecord,
} from "../args";
import type { ProviderConfig } from "../connection";
import type {
  DeploymentSummary,
  GetApplicationArgs,
  GetApplicationResult,
  GetDeploymentsArgs,
  GetDeploymentsResult,
} from "../functions/types";

/** A property's type in Pulumi's package schema (the subset this package uses). */
export type SchemaType =
  | { readonly type: "string" | "integer" | "number" | "boolean" }
  | { readonly type: "array"; readonly items: SchemaType }
  | { readonly $ref: string };

/** The package name: type tokens, config keys and the plugin name (`pulumi-resource-nodion`). */
export const PACKAGE_NAME = "nodion";

/** The resource's type token. */
export const DEPLOYMENT_TOKEN = "nodion:index:Deployment";

/** The token of the object type of `pendingTrigger`. */
export const PENDING_TRIGGER_TOKEN = "nodion:index:PendingTrigger";

/** The token of the object type of `unclearPost`. */
export const UNCLEAR_POST_TOKEN = "nodion:index:UnclearPost";

/** The token of the object type of `healthCheck`. */
export const HEALTH_CHECK_TOKEN = "nodion:index:HealthCheck";

/** The token of the function that lists an application's deployments. */
export const GET_DEPLOYMENTS_TOKEN = "nodion:index:getDeployments";

/** The token of the function that reads an application. */
export const GET_APPLICATION_TOKEN = "nodion:index:getApplication";

/** The token of the object type of one listed deployment (`getDeployments`). */
export const DEPLOYMENT_SUMMARY_TOKEN = "nodion:index:DeploymentSummary";

const string = { type: "string" } as const;
const integer = { type: "integer" } as const;

/** The type of each input (inputs are outputs too). */
export const INPUT_TYPES = {
  applicationId: string,
  triggers: { type: "array", items: string },
  imageTag: string,
  wait: string,
  timeoutSeconds: { type: "number" },
  failureLogLines: integer,
  healthCheck: { $ref: `#/types/${HEALTH_CHECK_TOKEN}` },
  adoptDeploymentId: string,
  baseUrl: string,
  projectId: string,
} as const satisfies Record<(typeof INPUT_FIELDS)[number], SchemaType>;

/** The type of each output that is not an input. */
export const OUTPUT_TYPES = {
  deploymentId: string,
  deployNumber: integer,
  status: string,
  gitSha: string,
  commitMessage: string,
  committerName: string,
  committerEmail: string,
  committerUsername: string,
  commitTimestamp: string,
  strategy: string,
  imageReference: string,
  createdAt: string,
  updatedAt: string,
  latestDeployNumber: integer,
  isLatest: { type: "boolean" },
  pendingTrigger: { $ref: `#/types/${PENDING_TRIGGER_TOKEN}` },
  durationSeconds: { type: "number" },
  previousDeploymentId: string,
  previousDeployNumber: integer,
  healthy: { type: "boolean" },
  unclearPost: { $ref: `#/types/${UNCLEAR_POST_TOKEN}` },
  duplicateDeployNumbers: { type: "array", items: integer },
} as const satisfies Record<(typeof OUTPUT_FIELDS)[number], SchemaType>;

/** The fields of the pending-trigger object. */
export const PENDING_TRIGGER_TYPES = {
  triggers: { type: "array", items: string },
  imageTag: string,
  afterDeployNumber: integer,
  postedAt: string,
} as const satisfies Record<keyof PendingTrigger, SchemaType>;

/** The fields of the unclear-POST object. */
export const UNCLEAR_POST_TYPES = {
  afterDeployNumber: integer,
  postedAt: string,
} as const satisfies Record<keyof UnclearPostRecord, SchemaType>;

/** The fields of the health-check object. */
export const HEALTH_CHECK_TYPES = {
  path: string,
  url: string,
  expectedStatus: string,
  timeoutSeconds: { type: "number" },
} as const satisfies Record<keyof HealthCheck, SchemaType>;

/** The provider's configuration (`nodion:apiKey`, ...), each a string. */
export const CONFIG_TYPES = {
  apiKey: string,
  baseUrl: string,
  projectId: string,
} as const satisfies Record<keyof ProviderConfig, SchemaType>;

/** Inputs a program must set. */
export const REQUIRED_INPUTS = [
  "applicationId",
] as const satisfies readonly (keyof typeof INPUT_TYPES)[];

/** Outputs every recorded deployment has (the others may be null). */
export const REQUIRED_OUTPUTS = [
  "applicationId",
  "deploymentId",
  "deployNumber",
  "status",
  "createdAt",
  "latestDeployNumber",
  "isLatest",
] as const satisfies readonly (keyof typeof INPUT_TYPES | keyof typeof OUTPUT_TYPES)[];

/** Config kept secret wherever the engine stores or shows it. */
export const SECRET_CONFIG = ["apiKey"] as const satisfies readonly (keyof ProviderConfig)[];

/** The environment variable each config value falls back to (read by the provider itself). */
export const CONFIG_ENV = {
  apiKey: "NODION_API_KEY",
  baseUrl: "NODION_API_URL",
  projectId: "NODION_PROJECT_ID",
} as const satisfies Record<keyof ProviderConfig, string>;

/** The fields of one listed deployment: typed as the resource's outputs of the same names. */
export const DEPLOYMENT_SUMMARY_TYPES: Readonly<Record<keyof DeploymentSummary, SchemaType>> = {
  deploymentId: OUTPUT_TYPES.deploymentId,
  ...(Object.fromEntries(DEPLOYMENT_FIELDS.map((k) => [k, OUTPUT_TYPES[k]])) as Record<
    DeploymentField,
    SchemaType
  >),
};

/** Fields of a listed deployment that always have a value. */
export const DEPLOYMENT_SUMMARY_REQUIRED = [
  "deploymentId",
  "deployNumber",
  "status",
  "createdAt",
] as const satisfies readonly (keyof DeploymentSummary)[];

/** `getDeployments`' arguments. */
export const GET_DEPLOYMENTS_INPUT_TYPES = {
  applicationId: string,
  status: string,
  gitSha: string,
  limit: integer,
} as const satisfies Record<keyof GetDeploymentsArgs, SchemaType>;

const summary = { $ref: `#/types/${DEPLOYMENT_SUMMARY_TOKEN}` } as const;

/** `getDeployments`' result. */
export const GET_DEPLOYMENTS_OUTPUT_TYPES = {
  applicationId: string,
  deployments: { type: "array", items: summary },
  latest: summary,
  latestAvailable: summary,
} as const satisfies Record<keyof GetDeploymentsResult, SchemaType>;

/** `getApplication`'s arguments. */
export const GET_APPLICATION_INPUT_TYPES = {
  applicationId: string,
} as const satisfies Record<keyof GetApplicationArgs, SchemaType>;

/** `getApplication`'s result. */
export const GET_APPLICATION_OUTPUT_TYPES = {
  applicationId: string,
  name: string,
  status: string,
  strategy: string,
  imageName: string,
  imageTag: string,
  regionSlug: string,
} as const satisfies Record<keyof GetApplicationResult, SchemaType>;
