// A dynamic resource and a command.local.Command: if both work, the engine, the language host,
// the dynamic-provider shim and the command plugin all work.
const pulumi = require("@pulumi/pulumi");
const command = require("@pulumi/command");

const doubler = {
  async create(inputs) {
    return {
      id: `smoke-${inputs.value}`,
      outs: { value: inputs.value, doubled: inputs.value * 2 },
    };
  },
  async read(id, props) {
    return { id, props: { ...props, refreshedAt: "refresh-ran" } };
  },
  async delete() {},
};

class Doubler extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(doubler, name, { ...args, doubled: undefined, refreshedAt: undefined }, opts);
  }
}

const config = new pulumi.Config();
const value = config.getNumber("value") ?? 21;
const doubled = new Doubler("doubler", { value });
const echo = new command.local.Command("echo", { create: "echo hello-from-command" });

exports.doubled = doubled.doubled;
exports.stdout = echo.stdout;
