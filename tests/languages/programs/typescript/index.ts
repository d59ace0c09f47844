// One Nodion deployment through the generated Node.js SDK (@pulumi-nodion/nodion).
import * as pulumi from "@pulumi/pulumi";
import * as nodion from "@pulumi-nodion/nodion";

const config = new pulumi.Config();

const site = new nodion.Deployment("site", {
  applicationId: config.require("applicationId"),
  triggers: [config.require("trigger")],
  // Set only when taking over a deployment made elsewhere (tests/languages/migration.test.ts).
  adoptDeploymentId: config.get("adoptDeploymentId"),
});

export const deploymentId = site.deploymentId;
export const deployNumber = site.deployNumber;
export const status = site.status;
