// The soak's stack of the dynamic resource: `api` deploys a git application by the sha in its
// triggers, `web` a pre-built image application by `imageTag`. Config: apiApp, webApp,
// apiTriggers (JSON), webTag, timeoutSeconds (JSON), baseUrl.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const json = (key) => (config.get(key) === undefined ? undefined : config.requireObject(key));
const common = { timeoutSeconds: json("timeoutSeconds"), baseUrl: config.get("baseUrl") };

new NodionDeployment("api", {
  applicationId: config.require("apiApp"),
  triggers: json("apiTriggers"),
  ...common,
});
new NodionDeployment("web", {
  applicationId: config.require("webApp"),
  imageTag: config.require("webTag"),
  ...common,
});
