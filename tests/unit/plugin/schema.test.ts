import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INPUT_FIELDS, OUTPUT_FIELDS } from "../../../provider/args";
import { DEPLOYMENT_TOKEN } from "../../../provider/plugin/schema-types";
import { freshSchemaText } from "../../../provider/plugin/tools/generate-schema";
import {
  buildSchema,
  readSchemaDocs,
  SCHEMA_PATH,
} from "../../../provider/plugin/tools/schema-builder";

interface Property {
  readonly description?: string;
  readonly secret?: boolean;
  readonly type?: string;
}
interface Schema {
  readonly name: string;
  readonly version: string;
  readonly config: { readonly variables: Record<string, Property> };
  readonly provider: {
    readonly inputProperties: Record<string, Property>;
    readonly properties: Record<string, Property>;
  };
  readonly resources: Record<
    string,
    {
      readonly description: string;
      readonly inputProperties: Record<string, Property>;
      readonly properties: Record<string, Property>;
      readonly requiredInputs: readonly string[];
    }
  >;
  readonly pluginDownloadURL: string;
  readonly language: {
    readonly nodejs: { readonly packageName: string };
    readonly python: { readonly packageName: string };
    readonly go: { readonly importBasePath: string };
  };
}

const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8")) as Schema;
const facts = { version: "1.2.3", homepage: "h", repository: "r", license: "l" };

describe("the plugin's schema.json", () => {
  it("is exactly what the generator makes from args.ts, resource.ts and connection.ts", async () => {
    assert.equal(
      fs.readFileSync(SCHEMA_PATH, "utf8"),
      await freshSchemaText(),
      "schema.json is stale: run `npm run plugin:schema`",
    );
  });

  it("carries the package.json version (plugin and SDKs agree)", () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"),
    ) as { version: string };
    assert.equal(schema.name, "nodion");
    assert.equal(schema.version, pkg.version);
  });

  it("tells the engine to download the plugin from the repository's GitHub releases", () => {
    assert.equal(schema.pluginDownloadURL, "github://api.github.com/pulumi-nodion");
  });

  it("declares every input and output of the one field lists, each described", () => {
    const resource = schema.resources[DEPLOYMENT_TOKEN];
    assert.ok(resource, DEPLOYMENT_TOKEN);
    assert.deepEqual(Object.keys(resource.inputProperties), [...INPUT_FIELDS]);
    assert.deepEqual(
      Object.keys(resource.properties).sort(),
      [...new Set([...INPUT_FIELDS, ...OUTPUT_FIELDS])].sort(),
    );
    for (const [name, p] of [
      ...Object.entries(resource.inputProperties),
      ...Object.entries(resource.properties),
    ]) {
      assert.ok((p.description ?? "").length > 20, `${name} is described`);
    }
    assert.deepEqual(resource.requiredInputs, ["applicationId"]);
    assert.doesNotMatch(resource.description, /pulumi-nodejs:dynamic/);
  });

  it("keeps the API key secret in config and provider inputs, and out of provider outputs", () => {
    assert.equal(schema.config.variables.apiKey?.secret, true);
    assert.equal(schema.provider.inputProperties.apiKey?.secret, true);
    assert.equal(schema.provider.properties.apiKey, undefined);
    assert.equal(schema.provider.inputProperties.baseUrl?.secret, undefined);
    assert.deepEqual(Object.keys(schema.config.variables), ["apiKey", "baseUrl", "projectId"]);
  });

  it("names the generated SDKs", () => {
    assert.equal(schema.language.nodejs.packageName, "@pulumi-nodion/nodion");
    assert.equal(schema.language.python.packageName, "pulumi_nodion");
    assert.equal(
      schema.language.go.importBasePath,
      "github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion",
    );
  });

  it("refuses a property without a TSDoc description", () => {
    const docs = readSchemaDocs();
    const members = { ...docs.inputs.members };
    delete members.imageTag;
    assert.throws(
      () => buildSchema({ ...docs, inputs: { ...docs.inputs, members } }, facts),
      /input imageTag has no TSDoc description/,
    );
  });

  it("takes each description from the TypeScript declaration", () => {
    const docs = readSchemaDocs();
    const built = buildSchema(
      { ...docs, inputs: { ...docs.inputs, members: { ...docs.inputs.members, wait: "W doc" } } },
      facts,
    ) as unknown as Schema;
    assert.equal(built.resources[DEPLOYMENT_TOKEN]?.inputProperties.wait?.description, "W doc");
    assert.equal(built.version, "1.2.3");
  });
});
