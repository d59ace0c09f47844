// Deploys the worker application whenever the producer stack's API deploy number changes.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const producer = new pulumi.StackReference(config.require("producerStack"));
const apiDeployNumber = producer.requireOutput("deployNumber");

const worker = new NodionDeployment("worker", {
  applicationId: config.require("applicationId"),
  triggers: [pulumi.interpolate`api-deploy-${apiDeployNumber}`],
  baseUrl: config.get("baseUrl"),
});

exports.apiDeployNumber = apiDeployNumber;
exports.workerDeployNumber = worker.deployNumber;
exports.workerStatus = worker.status;
