// Two NodionDeployments of one application whose triggers are the same, created in one `up`: each
// must get a deployment of its own, never its sibling's.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const args = {
  applicationId: config.require("applicationId"),
  triggers: config.requireObject("triggers"),
  baseUrl: config.get("baseUrl"),
};
const twins = ["a", "b"].map((name) => new NodionDeployment(name, args));

exports.deploymentIds = twins.map((d) => d.deploymentId);
exports.statuses = twins.map((d) => d.status);
