/**
 * Writes `schema.json` at the repository root from the provider's field lists and TSDoc.
 *
 *   npm run plugin:schema            # write it
 *   npm run plugin:schema -- --check # fail when the file is stale
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  buildSchema,
  readSchemaDocs,
  SCHEMA_PATH,
  schemaText,
  type PackageFacts,
} from "./schema-builder";

/** The repository root (this file lives in `provider/plugin/tools`). */
const root = path.resolve(__dirname, "..", "..", "..");

/** The schema text for the package.json in `root`. */
export function freshSchemaText(): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
    homepage: string;
    license: string;
    repository: { url: string };
  };
  const facts: PackageFacts = {
    version: pkg.version,
    homepage: pkg.homepage,
    license: pkg.license,
    repository: pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""),
  };
  return schemaText(buildSchema(readSchemaDocs(), facts));
}

async function main(): Promise<void> {
  const text = await freshSchemaText();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(SCHEMA_PATH) ? fs.readFileSync(SCHEMA_PATH, "utf8") : "";
    if (current !== text) {
      console.error("schema.json is stale: run `npm run plugin:schema`");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(SCHEMA_PATH, text);
    console.error(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
