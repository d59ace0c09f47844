// Variant "floor": BENCH_COUNT dynamic resources with the same inputs as "ours" whose provider
// makes no request at all, so a run costs only what the engine and the dynamic-provider host cost.
const pulumi = require("@pulumi/pulumi");
const { count, appFor } = require("../params");

const noop = {
  async create(inputs) {
    return {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
      outs: inputs,
    };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(noop, name, args, opts, "bench", "Noop");
  }
}

for (let i = 0; i < count; i++) {
  new Noop(`deploy-${i}`, { applicationId: appFor(i), triggers: ["bench"] });
}
