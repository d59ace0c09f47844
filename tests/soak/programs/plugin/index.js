// The soak's stack of the provider plugin: `api` deploys a git application by the sha in its
// triggers, `web` a pre-built image application by `imageTag`. Config: apiApp, webApp,
// apiTriggers (JSON), webTag, timeoutSeconds (JSON); nodion:baseUrl and nodion:apiKey.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const json = (key) => (config.get(key) === undefined ? undefined : config.requireObject(key));

/** nodion:index:Deployment, declared by type token. */
class Deployment extends pulumi.CustomResource {
  constructor(name, args) {
    super("nodion:index:Deployment", name, { ...args, deploymentId: undefined }, {});
  }
}

const common = { timeoutSeconds: json("timeoutSeconds") };
new Deployment("api", {
  applicationId: config.require("apiApp"),
  triggers: json("apiTriggers"),
  ...common,
});
new Deployment("web", {
  applicationId: config.require("webApp"),
  imageTag: config.require("webTag"),
  ...common,
});
