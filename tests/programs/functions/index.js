// The npm package's read-only functions, arguments from stack config: the promise form for the
// application, the Output form for its deployments (filters `status`, `gitSha`, `limit`).
const pulumi = require("@pulumi/pulumi");
const { getApplication, getDeploymentsOutput } = require("pulumi-nodion");

const config = new pulumi.Config();
const applicationId = config.require("applicationId");

const listed = getDeploymentsOutput({
  applicationId: pulumi.output(applicationId),
  status: config.get("status"),
  gitSha: config.get("gitSha"),
  limit: config.getNumber("limit"),
});

module.exports = {
  deployments: listed.deployments,
  latest: listed.latest,
  latestAvailable: listed.latestAvailable,
  application: getApplication({ applicationId }),
};
