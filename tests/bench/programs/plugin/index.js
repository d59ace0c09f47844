// Variant "plugin": BENCH_COUNT deployments of the `nodion` provider plugin, declared by type token
// (no generated SDK is installed here). The default provider takes the API key from secret stack
// config nodion:apiKey and the base URL from NODION_API_URL; the stack runs with a PULUMI_HOME that
// holds the plugin (tests/bench sets it up).
const pulumi = require("@pulumi/pulumi");
const { count, appFor, wait } = require("../params");

// Every output of the schema is declared (as undefined), as a generated SDK declares them.
const outputs = {
  deploymentId: undefined,
  deployNumber: undefined,
  status: undefined,
  gitSha: undefined,
  commitMessage: undefined,
  committerName: undefined,
  committerEmail: undefined,
  committerUsername: undefined,
  commitTimestamp: undefined,
  strategy: undefined,
  imageReference: undefined,
  createdAt: undefined,
  updatedAt: undefined,
  latestDeployNumber: undefined,
  isLatest: undefined,
  durationSeconds: undefined,
  previousDeploymentId: undefined,
  previousDeployNumber: undefined,
  healthy: undefined,
  pendingTrigger: undefined,
};

for (let i = 0; i < count; i++) {
  new pulumi.CustomResource("nodion:index:Deployment", `deploy-${i}`, {
    applicationId: appFor(i),
    triggers: ["bench"],
    wait,
    ...outputs,
  });
}
