// Variant "ours": BENCH_COUNT NodionDeployment resources, as a user of pulumi-nodion writes them.
// The API key is secret stack config (nodion:apiKey); the base URL comes from NODION_API_URL.
const { NodionDeployment } = require("pulumi-nodion");
const { count, appFor, wait } = require("../params");

for (let i = 0; i < count; i++) {
  new NodionDeployment(`deploy-${i}`, { applicationId: appFor(i), triggers: ["bench"], wait });
}
