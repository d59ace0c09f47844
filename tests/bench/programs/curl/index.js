// Variant "curl": what a user without pulumi-nodion writes: one command.local.Command per
// deployment that POSTs to the Nodion API. The key reaches curl through the Command's environment
// (a secret), so the command line stored in state holds only `$NODION_API_KEY`.
const pulumi = require("@pulumi/pulumi");
const command = require("@pulumi/command");
const { count, appFor, baseUrl } = require("../params");

const apiKey = new pulumi.Config("nodion").requireSecret("apiKey");

for (let i = 0; i < count; i++) {
  new command.local.Command(`deploy-${i}`, {
    create: `curl -fsS -X POST -H "Authorization: Bearer $NODION_API_KEY" ${baseUrl}/applications/${appFor(i)}/deployments`,
    environment: { NODION_API_KEY: apiKey },
    triggers: ["bench"],
  });
}
