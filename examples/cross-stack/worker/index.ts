// The second stack of a cross-stack pair: the worker redeploys whenever the API deploys.
import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment } from "pulumi-nodion";

const config = new pulumi.Config();

// A fully qualified stack name, e.g. `organization/nodion-cross-stack-api/dev` on a file backend
// or `acme/nodion-cross-stack-api/prod` on Pulumi Cloud.
const apiStack = new pulumi.StackReference(config.require("apiStack"));
const apiDeployNumber = apiStack.requireOutput("deployNumber");

const worker = new NodionDeployment("worker", {
  applicationId: config.require("applicationId"),
  // The API's deploy number rises by one per API deployment, so each one deploys the worker once;
  // running this stack again while the API has not deployed changes nothing.
  triggers: [pulumi.interpolate`api-deploy-${apiDeployNumber}`],
});

export { apiDeployNumber };
export const deployNumber = worker.deployNumber;
export const status = worker.status;
