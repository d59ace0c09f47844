// The first stack of a cross-stack pair: deploys the API and publishes its deploy number.
import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment } from "pulumi-nodion";

const config = new pulumi.Config();

const api = new NodionDeployment("api", {
  applicationId: config.require("applicationId"),
  // A release name, build number or git sha: each new value deploys the API once.
  triggers: [config.require("release")],
});

/** What the worker stack reads through its StackReference. */
export const deployNumber = api.deployNumber;
export const status = api.status;
export const deployedSha = api.gitSha;
