import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pluginVersion } from "../helpers/plugin";
import { describeLanguageLifecycle } from "./scenario";
import { prepareWorkspace } from "./workspaces";

describeLanguageLifecycle("python");

describe("the Python SDK as a Python user installs it: the release's wheel, pip, a fresh venv", () => {
  it("installs pulumi_nodion from the wheel the release command builds, and imports it", () => {
    const workspace = prepareWorkspace("python");
    try {
      const python = path.join(workspace.program, "venv", "bin", "python");
      const show = (code: string) =>
        execFileSync(python, ["-c", code], {
          encoding: "utf8",
          env: { ...process.env, ...workspace.env },
        }).trim();
      const distInfo = show(
        "import importlib.metadata as m; d = m.distribution('pulumi_nodion'); print(d._path)",
      );
      const directUrl = JSON.parse(
        fs.readFileSync(path.join(distInfo, "direct_url.json"), "utf8"),
      ) as {
        url: string;
      };
      assert.match(
        directUrl.url,
        new RegExp(`/pulumi_nodion-${pluginVersion}-py3-none-any\\.whl$`),
      );
      assert.equal(
        show("import importlib.metadata as m; print(m.version('pulumi_nodion'))"),
        pluginVersion,
      );
      assert.equal(
        show("import pulumi_nodion; print(pulumi_nodion.Deployment.__name__)"),
        "Deployment",
      );
    } finally {
      fs.rmSync(workspace.program, { recursive: true, force: true });
    }
  });
});
