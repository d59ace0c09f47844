// A plain JavaScript program passes the API key as a resource input (TypeScript would not let it):
// the provider must refuse it at preview, before the key can reach state.
const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();

new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: ["v1"],
  baseUrl: config.get("baseUrl"),
  apiKey: process.env.KEY_AS_INPUT,
});
