/**
 * Builds the package schema (`schema.json`) from the typed field tables of `../schema-types.ts`
 * and the TSDoc of the TypeScript declarations. `generate-schema.ts` writes it; a unit test checks
 * the file in the repository equals a fresh build.
 *
 * @packageDocumentation
 */
import * as path from "node:path";
import * as prettier from "prettier";
import { INPUT_FIELDS, OUTPUT_FIELDS } from "../../args";
import {
  CONFIG_ENV,
  CONFIG_TYPES,
  DEPLOYMENT_SUMMARY_REQUIRED,
  DEPLOYMENT_SUMMARY_TOKEN,
  DEPLOYMENT_SUMMARY_TYPES,
  DEPLOYMENT_TOKEN,
  GET_APPLICATION_INPUT_TYPES,
  GET_APPLICATION_OUTPUT_TYPES,
  GET_APPLICATION_TOKEN,
  GET_DEPLOYMENTS_INPUT_TYPES,
  GET_DEPLOYMENTS_OUTPUT_TYPES,
  GET_DEPLOYMENTS_TOKEN,
  HEALTH_CHECK_TOKEN,
  HEALTH_CHECK_TYPES,
  INPUT_TYPES,
  OUTPUT_TYPES,
  PACKAGE_NAME,
  PENDING_TRIGGER_TOKEN,
  PENDING_TRIGGER_TYPES,
  UNCLEAR_POST_TOKEN,
  UNCLEAR_POST_TYPES,
  REQUIRED_INPUTS,
  REQUIRED_OUTPUTS,
  SECRET_CONFIG,
  type SchemaType,
} from "../schema-types";
import { docCommentsOf, type DocComments } from "./doc-comments";

/** A property in the schema. */
export type SchemaProperty = SchemaType & {
  readonly description: string;
  readonly secret?: true;
};

/** The documentation the schema is built from. */
export interface SchemaDocs {
  /** `NodionDeploymentArgs` in args.ts. */
  readonly inputs: DocComments;
  /** `NodionDeployment` in resource.ts. */
  readonly resource: DocComments;
  /** `PendingTrigger` in args.ts. */
  readonly pendingTrigger: DocComments;
  /** `UnclearPostRecord` in args.ts. */
  readonly unclearPost: DocComments;
  /** `HealthCheck` in args.ts. */
  readonly healthCheck: DocComments;
  /** `ProviderConfig` in connection.ts. */
  readonly config: DocComments;
  /** The functions' argument and result types, in functions/types.ts, by interface name. */
  readonly functions: Readonly<Record<FunctionDocName, DocComments>>;
}

/** The interfaces of functions/types.ts the schema's functions are described by. */
export type FunctionDocName =
  | "DeploymentSummary"
  | "GetDeploymentsArgs"
  | "GetDeploymentsResult"
  | "GetApplicationArgs"
  | "GetApplicationResult";

const FUNCTION_DOC_NAMES: readonly FunctionDocName[] = [
  "DeploymentSummary",
  "GetDeploymentsArgs",
  "GetDeploymentsResult",
  "GetApplicationArgs",
  "GetApplicationResult",
];

/** What the package.json contributes: the version (plugin and SDKs share it) and metadata. */
export interface PackageFacts {
  readonly version: string;
  readonly homepage: string;
  readonly repository: string;
  readonly license: string;
}

/** Go module path of the generated Go SDK. */
export const GO_IMPORT_BASE_PATH = "github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion";
/**
 * Where the engine downloads the plugin when a program needs it: the GitHub releases of
 * github.com/pulumi-nodion/pulumi-nodion (the repository name defaults to `pulumi-<name>`), the
 * release `v<version>`, the asset `pulumi-resource-nodion-v<version>-<os>-<arch>.tar.gz`.
 */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-nodion";
/** npm name of the generated Node.js SDK. */
export const NODEJS_PACKAGE_NAME = "@pulumi-nodion/nodion";
/** Python distribution and module name of the generated Python SDK. */
export const PYTHON_PACKAGE_NAME = "pulumi_nodion";

/** Reads every doc the schema needs from the provider's sources. */
export function readSchemaDocs(providerDir = path.resolve(__dirname, "..", "..")): SchemaDocs {
  const file = (name: string) => path.join(providerDir, name);
  return {
    inputs: docCommentsOf(file("args.ts"), "NodionDeploymentArgs"),
    resource: docCommentsOf(file("resource.ts"), "NodionDeployment"),
    pendingTrigger: docCommentsOf(file("args.ts"), "PendingTrigger"),
    unclearPost: docCommentsOf(file("args.ts"), "UnclearPostRecord"),
    healthCheck: docCommentsOf(file("args.ts"), "HealthCheck"),
    config: docCommentsOf(file("connection.ts"), "ProviderConfig"),
    functions: Object.fromEntries(
      FUNCTION_DOC_NAMES.map((name) => [name, docCommentsOf(file("functions/types.ts"), name)]),
    ) as Record<FunctionDocName, DocComments>,
  };
}

/** The schema, as a JSON value. Throws when a property has no description. */
export function buildSchema(docs: SchemaDocs, pkg: PackageFacts): Record<string, unknown> {
  const described = (
    type: SchemaType,
    description: string | undefined,
    what: string,
  ): SchemaProperty => {
    if (description === undefined || description === "") {
      throw new Error(`${what} has no TSDoc description; document it in the TypeScript source`);
    }
    return { ...type, description };
  };
  /** An object type of the schema: each field typed by `types` and described by `comments`. */
  const objectType = <K extends string>(
    name: string,
    comments: DocComments,
    types: Readonly<Record<K, SchemaType>>,
    required?: readonly K[],
  ) => ({
    type: "object",
    description: comments.declaration,
    properties: Object.fromEntries(
      (Object.keys(types) as K[]).map((k) => [
        k,
        described(types[k], comments.members[k], `${name}.${k}`),
      ]),
    ),
    ...(required !== undefined && { required: [...required] }),
  });
  const inputProperties = Object.fromEntries(
    INPUT_FIELDS.map((k) => [k, described(INPUT_TYPES[k], docs.inputs.members[k], `input ${k}`)]),
  );
  // Outputs: the resource class's docs; inputs without their own output doc keep the input's.
  const properties = Object.fromEntries([
    ...INPUT_FIELDS.map((k) => [
      k,
      described(INPUT_TYPES[k], docs.resource.members[k] ?? docs.inputs.members[k], `output ${k}`),
    ]),
    ...OUTPUT_FIELDS.map((k) => [
      k,
      described(OUTPUT_TYPES[k], docs.resource.members[k], `output ${k}`),
    ]),
  ]);
  const configKeys = Object.keys(CONFIG_TYPES) as (keyof typeof CONFIG_TYPES)[];
  const config = Object.fromEntries(
    configKeys.map((k) => [
      k,
      {
        ...described(CONFIG_TYPES[k], docs.config.members[k], `config ${k}`),
        ...((SECRET_CONFIG as readonly string[]).includes(k) && { secret: true as const }),
      },
    ]),
  );
  return {
    name: PACKAGE_NAME,
    displayName: "Nodion",
    version: pkg.version,
    description: "Trigger and track Nodion PaaS deployments from Pulumi programs",
    keywords: ["pulumi", "nodion", "category/cloud", "kind/native"],
    homepage: pkg.homepage,
    license: pkg.license,
    repository: pkg.repository,
    publisher: "pulumi-nodion",
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    meta: { moduleFormat: "(.*)" },
    config: { variables: config },
    provider: {
      description: `The provider for Nodion resources. Unset settings fall back to the environment (${configKeys.map((k) => `${k}: ${CONFIG_ENV[k]}`).join(", ")}), read by the provider itself.`,
      inputProperties: config,
      // The key stays an input only: a provider output would be one more place it is kept.
      properties: Object.fromEntries(
        Object.entries(config).filter(([k]) => !(SECRET_CONFIG as readonly string[]).includes(k)),
      ),
    },
    types: {
      [PENDING_TRIGGER_TOKEN]: objectType(
        "pendingTrigger",
        docs.pendingTrigger,
        PENDING_TRIGGER_TYPES,
        ["afterDeployNumber", "postedAt"],
      ),
      [UNCLEAR_POST_TOKEN]: objectType("unclearPost", docs.unclearPost, UNCLEAR_POST_TYPES, [
        "afterDeployNumber",
        "postedAt",
      ]),
      [HEALTH_CHECK_TOKEN]: objectType("healthCheck", docs.healthCheck, HEALTH_CHECK_TYPES),
      [DEPLOYMENT_SUMMARY_TOKEN]: objectType(
        "DeploymentSummary",
        docs.functions.DeploymentSummary,
        DEPLOYMENT_SUMMARY_TYPES,
        DEPLOYMENT_SUMMARY_REQUIRED,
      ),
    },
    functions: {
      [GET_DEPLOYMENTS_TOKEN]: {
        description: `${docs.functions.GetDeploymentsArgs.declaration} One list request (\`GET /v1/applications/:id/deployments\`); it reads only, so it also runs in a preview.`,
        inputs: objectType(
          "getDeployments",
          docs.functions.GetDeploymentsArgs,
          GET_DEPLOYMENTS_INPUT_TYPES,
          ["applicationId"],
        ),
        outputs: objectType(
          "getDeployments result",
          docs.functions.GetDeploymentsResult,
          GET_DEPLOYMENTS_OUTPUT_TYPES,
          ["applicationId", "deployments"],
        ),
      },
      [GET_APPLICATION_TOKEN]: {
        description: `${docs.functions.GetApplicationResult.declaration} One request; it reads only, so it also runs in a preview.`,
        inputs: objectType(
          "getApplication",
          docs.functions.GetApplicationArgs,
          GET_APPLICATION_INPUT_TYPES,
          ["applicationId"],
        ),
        outputs: objectType(
          "getApplication result",
          docs.functions.GetApplicationResult,
          GET_APPLICATION_OUTPUT_TYPES,
          ["applicationId", "name"],
        ),
      },
    },
    resources: {
      [DEPLOYMENT_TOKEN]: {
        // The class doc without its paragraph on the dynamic resource's type token.
        description: docs.resource.declaration
          .split("\n\n")
          .filter((p) => !p.startsWith("Type token"))
          .join("\n\n"),
        inputProperties,
        requiredInputs: [...REQUIRED_INPUTS],
        properties,
        required: [...REQUIRED_OUTPUTS],
      },
    },
    language: {
      nodejs: {
        packageName: NODEJS_PACKAGE_NAME,
        packageDescription: "Trigger and track Nodion PaaS deployments from Pulumi programs",
        // The generated code (pkg/v3 v3.276) needs SDK 3.269 or newer.
        dependencies: { "@pulumi/pulumi": "^3.269.0" },
        respectSchemaVersion: true,
      },
      python: {
        packageName: PYTHON_PACKAGE_NAME,
        requires: { pulumi: ">=3.269.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: GO_IMPORT_BASE_PATH,
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
    },
  };
}

/** The schema as the file holds it: JSON formatted by the repository's prettier settings. */
export async function schemaText(schema: Record<string, unknown>): Promise<string> {
  const options = (await prettier.resolveConfig(SCHEMA_PATH)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, parser: "json" });
}

/** Where the schema lives: the repository root, next to package.json. */
export const SCHEMA_PATH = path.resolve(__dirname, "..", "..", "..", "schema.json");
