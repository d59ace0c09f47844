// Quickstart: deploy a Nodion application whenever the git sha of its source changes.
import * as path from "node:path";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment } from "pulumi-nodion";

const config = new pulumi.Config();
// Relative paths are taken from the project folder (where Pulumi.yaml is).
const sourceDir = path.resolve(config.require("sourceDir"));

// `local.run` runs `git rev-parse HEAD` while the program runs, in preview too, so `pulumi preview`
// knows the sha: it shows no change when the sha is unchanged and exactly one update of the
// deployment when it moved. Git stays the only judge of "the current sha" (packed refs, worktrees,
// detached HEAD), and nothing is stored for the command itself.
const sourceSha = command.local
  .runOutput({ command: "git rev-parse HEAD", dir: sourceDir })
  .apply((result) => result.stdout.trim());

const app = new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: [sourceSha],
});

export const sha = sourceSha;
export const deploymentId = app.deploymentId;
export const deployNumber = app.deployNumber;
export const status = app.status;
export const deployedSha = app.gitSha;
export const commitMessage = app.commitMessage;
export const latestDeployNumber = app.latestDeployNumber;
export const isLatest = app.isLatest;
