// `count` NodionDeployments spread round-robin over `applicationIds`, each with its own trigger,
// so a load test can check that every one of them deploys exactly once.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const count = config.requireNumber("count");
const applicationIds = config.requireObject("applicationIds");
const trigger = config.get("trigger") ?? "v1";

const deployments = [];
for (let i = 0; i < count; i++) {
  deployments.push(
    new NodionDeployment(`d${i}`, {
      applicationId: applicationIds[i % applicationIds.length],
      triggers: [`${trigger}-${i}`],
      wait: config.get("wait"),
      baseUrl: config.get("baseUrl"),
    }),
  );
}

exports.deploymentIds = deployments.map((d) => d.deploymentId);
exports.deployNumbers = deployments.map((d) => d.deployNumber);
exports.statuses = deployments.map((d) => d.status);
