import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeLanguageLifecycle } from "./scenario";
import { prepareWorkspace, sdksDir } from "./workspaces";

describeLanguageLifecycle("go");

describe("the Go SDK as a Go user consumes it: the committed module, go build", () => {
  it("builds a program requiring github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion", () => {
    const workspace = prepareWorkspace("go");
    try {
      const env = { ...process.env, ...workspace.env };
      const go = (...args: string[]) =>
        execFileSync("go", args, { cwd: workspace.program, encoding: "utf8", env }).trim();
      const module = "github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion";
      // The one concession to no network: a replace to the checkout's committed module.
      assert.equal(
        go("list", "-m", "-f", "{{.Replace.Dir}}", module),
        path.join(sdksDir, "go", "nodion"),
      );
      const binary = path.join(workspace.program, "program");
      go("build", "-o", binary, ".");
      assert.ok(fs.statSync(binary).size > 0, "go build wrote the program");
    } finally {
      fs.rmSync(workspace.program, { recursive: true, force: true });
    }
  });
});
