/**
 * Reads TSDoc comments from the provider's sources with the TypeScript compiler, so the schema's
 * descriptions are the very text the TypeScript resource documents (one text, no drift).
 * Development only: it needs the `typescript` package, which the plugin does not ship.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as ts from "typescript";

/** The TSDoc of a declaration and of each of its members, by member name. */
export interface DocComments {
  readonly declaration: string;
  readonly members: Readonly<Record<string, string>>;
}

/** The docs of the interface or class `name` declared in `file`; throws when it is missing. */
export function docCommentsOf(file: string, name: string): DocComments {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const node = source.statements.find(
    (s): s is ts.InterfaceDeclaration | ts.ClassDeclaration =>
      (ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name,
  );
  if (node === undefined) throw new Error(`${file} declares no interface or class ${name}`);
  const members: Record<string, string> = {};
  for (const member of node.members) {
    const memberName = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
    const doc = docOf(member);
    if (memberName !== undefined && doc !== "") members[memberName] = doc;
  }
  return { declaration: docOf(node), members };
}

/** A node's TSDoc text, lines of a paragraph joined, paragraphs kept apart. */
function docOf(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join("\n\n");
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n\n");
}
