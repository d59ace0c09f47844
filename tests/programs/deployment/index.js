// One NodionDeployment, every input from config, so tests change a config value and run `up`.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const json = (key) => (config.get(key) === undefined ? undefined : config.requireObject(key));

const deployment = new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: json("triggers"),
  imageTag: config.get("imageTag"),
  wait: config.get("wait"),
  timeoutSeconds: json("timeoutSeconds"),
  failureLogLines: json("failureLogLines"),
  healthCheck: json("healthCheck"),
  adoptDeploymentId: config.get("adoptDeploymentId"),
  baseUrl: config.get("baseUrl"),
  projectId: config.get("projectId"),
});

for (const key of [
  "deploymentId",
  "deployNumber",
  "status",
  "gitSha",
  "commitMessage",
  "committerName",
  "committerEmail",
  "committerUsername",
  "commitTimestamp",
  "strategy",
  "imageReference",
  "createdAt",
  "updatedAt",
  "latestDeployNumber",
  "isLatest",
  "durationSeconds",
  "previousDeploymentId",
  "previousDeployNumber",
  "healthy",
]) {
  exports[key] = deployment[key];
}
