/** `Configure`: the provider's settings (stack config or a provider resource's inputs). */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { argsFromVariables, configSource, providerConfigOf } from "../config";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";
import { fromStruct } from "../wire";

export function configure(
  ctx: PluginContext,
): Handler<proto.ConfigureRequest, proto.ConfigureResponse> {
  return async (req) => {
    const args = req.hasArgs()
      ? fromStruct(req.getArgs())
      : argsFromVariables(new Map(req.getVariablesMap().entries()));
    ctx.config = providerConfigOf(args);
    await ctx.core.configure({ config: configSource(ctx.config) });
    // Once the answer is out: the engine's next calls (Check, its step bookkeeping) leave
    // this process idle, time enough to load the HTTP stack the first deployment needs.
    setImmediate(() => ctx.core.prepare());
    const res = new proto.ConfigureResponse();
    res.setAcceptsecrets(true);
    res.setAcceptresources(false);
    res.setAcceptoutputs(false);
    // Create and update are never called in a preview: the engine shows the inputs.
    res.setSupportspreview(false);
    return res;
  };
}
