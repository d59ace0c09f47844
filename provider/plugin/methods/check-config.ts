/** `CheckConfig`: the provider's own settings, each bad one named by its key. */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { configProblems, providerConfigOf } from "../config";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";
import { fromStruct, toStruct } from "../wire";
import { checkFailure } from "./check-failure";

export function checkConfig(ctx: PluginContext): Handler<proto.CheckRequest, proto.CheckResponse> {
  return async (req) => {
    const news = fromStruct(req.getNews());
    const res = new proto.CheckResponse();
    // Returned as sent: the engine stores the provider's inputs, the key still secret.
    res.setInputs(toStruct(news));
    res.setFailuresList(
      configProblems(providerConfigOf(news), ctx.env()).map((p) =>
        checkFailure(p.property, p.reason),
      ),
    );
    return res;
  };
}
