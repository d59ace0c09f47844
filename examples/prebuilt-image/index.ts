// Deploys a pre-built image application at a chosen tag: a new tag deploys once.
import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment } from "pulumi-nodion";

const config = new pulumi.Config();

const web = new NodionDeployment("web", {
  applicationId: config.require("applicationId"),
  // The tag replaces the application's default tag for this deployment; the image name and
  // registry stay as configured in Nodion. Changing the tag is what deploys, so no triggers.
  imageTag: config.require("imageTag"),
});

export const imageReference = web.imageReference;
export const deployNumber = web.deployNumber;
export const status = web.status;
export const strategy = web.strategy;
