import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../toolchain/env";
import { examplePath } from "../helpers/examples";

const workflowFile = path.join(examplePath("ci"), ".github", "workflows", "deploy.yml");

/** The workflow's lines without comments (what GitHub Actions acts on). */
function workflowLines(): string[] {
  return fs
    .readFileSync(workflowFile, "utf8")
    .split("\n")
    .filter((line) => !/^\s*#/.test(line));
}

// The workflow itself only runs on GitHub; these checks hold it to what examples/ci/README.md
// promises. That `pulumi up` exits non-zero on a failed deployment, and that the provider takes
// the key from NODION_API_KEY, are engine tests (deployment-failures, bad-inputs).
describe("examples/ci (the GitHub Actions workflow)", () => {
  it("passes the API key from a secret through the environment only", () => {
    const lines = workflowLines();
    assert.ok(
      lines.some((l) => /^\s+NODION_API_KEY: \$\{\{ secrets\.NODION_API_KEY \}\}$/.test(l)),
    );
    const secretUses = lines.filter((l) => l.includes("secrets."));
    for (const line of secretUses) {
      assert.match(
        line,
        /^\s+[A-Z_]+: \$\{\{ secrets\.[A-Z_]+ \}\}$/,
        `a secret outside env: ${line}`,
      );
    }
    assert.ok(!lines.some((l) => /nodion:apiKey/.test(l)), "the key is never stack config in CI");
  });

  it("runs pulumi up on the prod stack and lets its failure fail the job", () => {
    const text = workflowLines().join("\n");
    assert.match(text, /run: pulumi up --yes --stack prod\n/);
    assert.doesNotMatch(text, /continue-on-error|\|\| true/);
    assert.doesNotMatch(text, /cancel-in-progress: true/, "a running deploy is never cancelled");
  });

  it("previews pull requests without deploying, on the Node.js and CLI versions we test", () => {
    const text = workflowLines().join("\n");
    assert.match(text, /pull_request:/);
    const jobs = text.split(/\n {2}(?=[a-z]+:\n)/);
    const preview = jobs.find((j) => j.startsWith("preview:"));
    assert.ok(preview, "a preview job");
    assert.match(preview, /if: github\.event_name == 'pull_request'/);
    assert.match(preview, /run: pulumi preview --diff --stack prod\n/);
    assert.doesNotMatch(preview, /pulumi up/, "a pull request never deploys");
    const deploy = jobs.find((j) => j.startsWith("deploy:"));
    assert.match(deploy ?? "", /if: github\.event_name != 'pull_request'/);
    const pins = fs.readFileSync(path.join(repoRoot, "toolchain", "versions.env"), "utf8");
    const cli = /^PULUMI_VERSION=v(\S+)$/m.exec(pins)?.[1];
    const node = /^NODE_VERSION=(\d+)\./m.exec(pins)?.[1];
    assert.ok(cli && node);
    const cliPins = text.match(/pulumi-version: (\S+)/g) ?? [];
    assert.deepEqual(cliPins, [`pulumi-version: ${cli}`, `pulumi-version: ${cli}`]);
    const nodePins = text.match(/node-version: (\S+)/g) ?? [];
    assert.deepEqual(nodePins, [`node-version: ${node}`, `node-version: ${node}`]);
  });
});
