// Quickstart: deploy a Nodion application whenever the git sha of its source changes.
import * as path from "node:path";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment } from "pulumi-nodion";

const config = new pulumi.Config();
// Relative paths are taken from the project folder (where Pulumi.yaml is).
const sourceDir = path.resolve(config.require("sourceDir"));

// A Command runs only when it is created or replaced, so its triggers carry a value that is new on
// every `pulumi up`: the sha is re-read on each run (a `git rev-parse`, milliseconds), and the
// deployment below compares it with the sha it deployed last time. Only a new sha deploys.
// Reading git's files in the program instead would re-implement git's ref lookup (packed refs,
// worktrees, detached HEAD); a timestamp trigger keeps git the only judge of "the current sha".
// The price: `pulumi preview` shows the deployment as a possible update, as the sha is unknown
// until the command has run.
const sourceSha = new command.local.Command("source-sha", {
  create: "git rev-parse HEAD",
  dir: sourceDir,
  triggers: [new Date().toISOString()],
});

const app = new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: [sourceSha.stdout],
});

export const sha = sourceSha.stdout;
export const deploymentId = app.deploymentId;
export const deployNumber = app.deployNumber;
export const status = app.status;
export const deployedSha = app.gitSha;
export const commitMessage = app.commitMessage;
export const latestDeployNumber = app.latestDeployNumber;
export const isLatest = app.isLatest;
