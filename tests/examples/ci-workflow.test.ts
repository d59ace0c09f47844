import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
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
});
