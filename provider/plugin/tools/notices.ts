/**
 * THIRD-PARTY-NOTICES.md of the plugin archive: Node.js (the executable is Node.js with the
 * plugin inside) and each package bundled into the plugin, with their licence texts.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { root, type BundledPackage } from "./bundle-plugin";

/** Licence files a package ships, by the names packages use. */
const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** Node.js as the executable carries it: its version and its LICENSE file. */
export interface NodeRuntime {
  readonly version: string;
  readonly licenseFile: string;
}

/** The notices for an executable of `node` with `packages` bundled. */
export function thirdPartyNotices(packages: readonly BundledPackage[], node: NodeRuntime): string {
  const runtime = section(`Node.js ${node.version}`, "MIT and others (below)", [
    fs.readFileSync(node.licenseFile, "utf8").trim(),
  ]);
  const bundled = packages.map((p) => {
    const dir = path.join(root, p.dir);
    const texts = fs
      .readdirSync(dir)
      .filter((f) => LICENCE_FILE.test(f))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8").trim());
    if (texts.length === 0 && p.license === undefined) {
      throw new Error(`${p.name}@${p.version} (${p.dir}) has no licence file or licence field`);
    }
    return section(`${p.name} ${p.version}`, p.license ?? "see below", texts);
  });
  return [
    "# Third-party notices",
    "",
    "`pulumi-resource-nodion` is a Node.js single executable application: the Node.js binary",
    "with the plugin's code, which bundles code of the packages below.",
    "",
    [runtime, ...bundled].join("\n\n"),
    "",
  ].join("\n");
}

function section(title: string, licence: string, texts: readonly string[]): string {
  const body = texts.map((t) => `\`\`\`\n${t}\n\`\`\``).join("\n\n");
  return `## ${title}\n\nLicence: ${licence}\n\n${body}`.trim();
}
