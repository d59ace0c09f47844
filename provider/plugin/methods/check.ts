/** `Check`: every bad input as a failure naming its property; secret inputs stay secret. */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";
import { concealKeys, fromStruct, revealMap, toStruct } from "../wire";
import { checkFailure } from "./check-failure";

export function check(ctx: PluginContext): Handler<proto.CheckRequest, proto.CheckResponse> {
  return async (req) => {
    const olds = revealMap(fromStruct(req.getOlds()));
    const news = revealMap(fromStruct(req.getNews()));
    const result = await ctx.core.check(olds.plain, news.plain);
    const res = new proto.CheckResponse();
    res.setInputs(toStruct(concealKeys(result.inputs ?? {}, news.secretKeys)));
    res.setFailuresList((result.failures ?? []).map((f) => checkFailure(f.property, f.reason)));
    return res;
  };
}
